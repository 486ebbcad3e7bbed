// Temporary media as WeChat and WeCom keep it: media/upload takes a multipart `media` file and
// answers a media_id (valid 3 days), media/get serves it back. The limits and error codes are the
// platforms': WeCom images JPG/PNG ≤ 10 MB, files ≤ 20 MB; Official Account and mini-program
// images BMP/PNG/JPEG/GIF ≤ 10 MB; anything under 5 bytes is refused.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { detectImageType } from "../channels/media-type";

export type StoredMedia = { contentType: string; bytes: Buffer; fileName: string };
export type UploadRules = Record<string, { maxBytes: number; images?: string[] }>;

const MB = 1024 * 1024;
export const WECOM_UPLOAD_RULES: UploadRules = {
  image: { maxBytes: 10 * MB, images: ["image/png", "image/jpeg"] },
  file: { maxBytes: 20 * MB },
};
export const WECHAT_UPLOAD_RULES: UploadRules = {
  image: { maxBytes: 10 * MB, images: ["image/png", "image/jpeg", "image/gif", "image/bmp"] },
};

function readBytes(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on("end", () => resolve(size <= limit ? Buffer.concat(chunks) : null));
  });
}

export class SandboxMedia {
  readonly items = new Map<string, StoredMedia>();

  store(media: StoredMedia): string {
    const mediaId = `sandbox-media-${randomBytes(12).toString("hex")}`;
    this.items.set(mediaId, media);
    return mediaId;
  }

  has(mediaId: unknown): boolean {
    return typeof mediaId === "string" && this.items.has(mediaId);
  }

  /** media/upload?type=…: the answer's fields, or WeChat's error. */
  async upload(req: IncomingMessage, url: URL, rules: UploadRules): Promise<Record<string, unknown>> {
    const type = url.searchParams.get("type") ?? "";
    const rule = rules[type];
    if (!rule) return { errcode: 40004, errmsg: "invalid media type" };
    const body = await readBytes(req, rule.maxBytes + 64 * 1024);
    if (!body) return { errcode: 40006, errmsg: "invalid file size" };
    let file: File | null = null;
    try {
      const form = await new Request("http://sandbox/", {
        method: "POST",
        headers: { "content-type": req.headers["content-type"] ?? "" },
        body: new Uint8Array(body),
      }).formData();
      const media = form.get("media");
      file = media instanceof File ? media : null;
    } catch {
      file = null;
    }
    if (!file) return { errcode: 41005, errmsg: "media data missing" };
    const bytes = Buffer.from(await file.arrayBuffer());
    if (bytes.length < 5 || bytes.length > rule.maxBytes) return { errcode: 40006, errmsg: "invalid file size" };
    const imageType = detectImageType(bytes);
    if (rule.images && (!imageType || !rule.images.includes(imageType))) {
      return { errcode: 40005, errmsg: "invalid file type" };
    }
    const mediaId = this.store({
      contentType: imageType ?? (file.type || "application/octet-stream"),
      bytes,
      fileName: file.name || "file",
    });
    return { type, media_id: mediaId, created_at: String(Math.floor(Date.now() / 1000)) };
  }

  /** media/get: the bytes, or 40007 for an id it never gave out. */
  serve(url: URL, res: ServerResponse): void {
    const media = this.items.get(url.searchParams.get("media_id") ?? "");
    if (!media) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ errcode: 40007, errmsg: "invalid media_id" }));
      return;
    }
    res.writeHead(200, {
      "content-type": media.contentType,
      "content-disposition": `attachment; filename="${encodeURIComponent(media.fileName)}"`,
      "content-length": media.bytes.length,
    });
    res.end(media.bytes);
  }
}
