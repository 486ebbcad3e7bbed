// Webhook bodies come from platforms that give up after 5 s and send a few KB: a body that stalls
// or grows past the limit is answered at once (408, 413) instead of holding the request for Node's
// five-minute requestTimeout, and the rest of an oversized body is read and dropped so the sender
// reads the answer instead of a connection reset.
import type { IncomingMessage } from "node:http";
import { AppError } from "../errors";

export type ReadWebhookBodyOptions = { limitBytes: number; timeoutMs: number };

/** Reads the body as UTF-8; rejects with PAYLOAD_TOO_LARGE or REQUEST_TIMEOUT. */
export function readWebhookBody(req: IncomingMessage, options: ReadWebhookBodyOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    // Past the answer, the same timer cuts off a sender that never stops.
    const timer = setTimeout(() => {
      if (settled) req.destroy();
      else fail(new AppError("REQUEST_TIMEOUT", "webhook body not received in time"));
    }, options.timeoutMs);
    timer.unref();
    const fail = (error: AppError) => {
      settled = true;
      chunks.length = 0;
      reject(error);
    };
    const finish = () => {
      clearTimeout(timer);
      if (!settled) {
        settled = true;
        resolve(Buffer.concat(chunks).toString("utf8"));
      }
    };
    if (Number(req.headers["content-length"] ?? 0) > options.limitBytes) {
      fail(new AppError("PAYLOAD_TOO_LARGE", "webhook body too large"));
    }
    req.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > options.limitBytes) fail(new AppError("PAYLOAD_TOO_LARGE", "webhook body too large"));
      else chunks.push(chunk);
    });
    req.on("end", finish);
    req.on("close", () => clearTimeout(timer));
    req.on("error", (error) => {
      clearTimeout(timer);
      if (!settled) {
        settled = true;
        reject(error);
      }
    });
  });
}
