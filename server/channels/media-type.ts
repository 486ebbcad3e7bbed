// What a file really is, read from its first bytes rather than from its name or the browser's word
// for it: the platforms check, and an agent's picture must not turn out to be something else.

export type ImageType = "image/png" | "image/jpeg" | "image/gif" | "image/bmp";

const SIGNATURES: [ImageType, number[]][] = [
  ["image/png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ["image/jpeg", [0xff, 0xd8, 0xff]],
  ["image/gif", [0x47, 0x49, 0x46, 0x38]],
  ["image/bmp", [0x42, 0x4d]],
];

export function detectImageType(bytes: Uint8Array): ImageType | null {
  for (const [type, signature] of SIGNATURES) {
    if (signature.every((byte, index) => bytes[index] === byte)) return type;
  }
  return null;
}
