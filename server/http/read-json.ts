import type { ZodType } from "zod";
import { AppError } from "../errors";

/**
 * Reads a JSON body of at most `limitBytes` (streamed, so a chunked upload without Content-Length is
 * cut off too), then validates it. Bad JSON is 400 INVALID_JSON, a bad shape 422 INVALID_INPUT.
 */
export async function readJson<T>(req: Request, schema: ZodType<T>, limitBytes: number): Promise<T> {
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
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new AppError("INVALID_JSON", "请求体不是有效的 JSON / The request body is not valid JSON");
  }
  return schema.parse(parsed);
}

function tooLarge(limitBytes: number) {
  return new AppError("PAYLOAD_TOO_LARGE", `请求体过大 / Request body exceeds ${limitBytes} bytes`);
}
