import type { ZodType } from "zod";
import { AppError, localized } from "../errors";
import { assertStorableText } from "./storable-text";

/**
 * Reads a JSON body of at most `limitBytes` (streamed, so a chunked upload without Content-Length is
 * cut off too), then validates it. Bad JSON is 400 INVALID_JSON, a bad shape 422 INVALID_INPUT.
 */
export async function readJson<T>(req: Request, schema: ZodType<T>, limitBytes: number): Promise<T> {
  const body = await readBody(req, limitBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw new AppError("INVALID_JSON", localized("error.invalidJson"));
  }
  assertStorableText(parsed, "body");
  return schema.parse(parsed);
}

/** An agent's attachment, with room for the multipart envelope around a 20 MB file. */
export const UPLOAD_BODY_LIMIT_BYTES = 20 * 1024 * 1024 + 64 * 1024;

/** Reads a multipart/form-data body of at most `limitBytes` (streamed, like readJson). */
export async function readForm(req: Request, limitBytes: number): Promise<FormData> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) {
    throw new AppError("INVALID_INPUT", localized("error.uploadAsMultipart"));
  }
  const body = await readBody(req, limitBytes);
  try {
    return await new Response(new Uint8Array(body), { headers: { "content-type": type } }).formData();
  } catch {
    throw new AppError("INVALID_INPUT", localized("error.unreadableUpload"));
  }
}

async function readBody(req: Request, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limitBytes) throw tooLarge(limitBytes);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limitBytes) {
        await reader.cancel();
        throw tooLarge(limitBytes);
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}

function tooLarge(limitBytes: number) {
  return new AppError("PAYLOAD_TOO_LARGE", localized("error.bodyTooLarge", { limit: limitBytes }));
}
