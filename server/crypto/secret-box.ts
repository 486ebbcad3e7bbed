// Encrypts secrets at rest (channel secrets, AES keys, APIv3 keys, access tokens) with AES-256-GCM.
// Format: "v1:" + base64(iv(12) | tag(16) | ciphertext). The key comes from LOOPDESK_SECRET_KEY, or,
// for the embedded zero-setup install, from a key file created once in the data folder.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const PREFIX = "v1:";

export type SecretBox = {
  seal(plaintext: string): string;
  open(sealed: string): string;
};

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error("The secret key must be 32 bytes");
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64");
    },
    open(sealed) {
      if (!sealed.startsWith(PREFIX)) throw new Error("Not a sealed secret");
      const raw = Buffer.from(sealed.slice(PREFIX.length), "base64");
      const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    },
  };
}

/** The configured key, or one generated on first start and kept (mode 0600) in the data folder. */
export function loadSecretKey(options: { configured?: string; dataDir: string }): Buffer {
  if (options.configured) return Buffer.from(options.configured, "base64");
  const file = path.join(options.dataDir, "secret.key");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    // "wx" fails if another process created it meanwhile; then we read theirs.
    try {
      fs.writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64");
}

const KEY = Symbol.for("loopdesk.secretBox");
type Holder = { [KEY]?: SecretBox };

export function setSecretBox(box: SecretBox): void {
  (globalThis as Holder)[KEY] = box;
}

export function secretBox(): SecretBox {
  const box = (globalThis as Holder)[KEY];
  if (!box) throw new Error("The secret box is not initialised: start LoopDesk through server/main.ts");
  return box;
}
