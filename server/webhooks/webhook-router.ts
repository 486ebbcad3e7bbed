// /webhooks/* on the custom server, outside Next.js: the platform waits 5 s at most, so this path
// does only verify → decrypt → durable insert → acknowledge, and processes after the response.
import type { IncomingMessage, ServerResponse } from "node:http";
import { handleWechatPush } from "../channels/official-account/handle-push";
import { CallbackCryptoError } from "../channels/wechat-callback/callback-crypto";
import { handleKfCallback } from "../channels/wecom/handle-kf-callback";
import { AppError, toErrorResponse } from "../errors";
import { readWebhookBody } from "../inbound/read-webhook-body";
import { createLogger } from "../logger";
import { dispatchInboundEvent } from "./process-inbound-event";
import type { WebhookRequest, WebhookResult } from "./webhook-types";

const log = createLogger("webhooks");
const ROUTE = /^\/webhooks\/(wecom|official-account|mini-program)(?:\/([A-Za-z0-9_-]{1,64}))?\/?$/;
/** Real callbacks are a few KB; anything near this is not WeChat. */
export const WEBHOOK_BODY_LIMIT_BYTES = 64 * 1024;
/** WeChat waits 5 s for the answer: a body still arriving after twice that is not coming. */
const WEBHOOK_BODY_TIMEOUT_MS = 10_000;

const HANDLERS: Record<string, (request: WebhookRequest) => Promise<WebhookResult>> = {
  wecom: handleKfCallback,
  "official-account": (request) => handleWechatPush("OFFICIAL_ACCOUNT", request),
  "mini-program": (request) => handleWechatPush("MINI_PROGRAM", request),
};

function toWebhookError(error: unknown): { status: number; body: string } {
  if (error instanceof CallbackCryptoError) {
    // A bad signature gets 401 and nothing else; a message we cannot open, 400.
    return error.code === "SIGNATURE_MISMATCH" ? { status: 401, body: "" } : { status: 400, body: error.code };
  }
  if (error instanceof AppError && error.code === "UNAUTHORIZED") return { status: 401, body: "" };
  const { status, body } = toErrorResponse(error);
  return { status, body: JSON.stringify(body) };
}

export function isWebhookPath(path: string): boolean {
  return path === "/webhooks" || path.startsWith("/webhooks/");
}

export type WebhookHandlerOptions = { bodyTimeoutMs?: number };

export function createWebhookHandler(options: WebhookHandlerOptions = {}) {
  const timeoutMs = options.bodyTimeoutMs ?? WEBHOOK_BODY_TIMEOUT_MS;
  return (req: IncomingMessage, res: ServerResponse) => handleWebhook(req, res, timeoutMs);
}

export const handleWebhookRequest = createWebhookHandler();

async function handleWebhook(req: IncomingMessage, res: ServerResponse, timeoutMs: number): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const match = ROUTE.exec(url.pathname);
  let result: WebhookResult | { status: number; body: string };
  try {
    const handler = match?.[1] ? HANDLERS[match[1]] : undefined;
    if (!handler) throw new AppError("NOT_FOUND", "no such webhook");
    if (req.method !== "GET" && req.method !== "POST") throw new AppError("METHOD_NOT_ALLOWED", "GET or POST only");
    const body =
      req.method === "POST" ? await readWebhookBody(req, { limitBytes: WEBHOOK_BODY_LIMIT_BYTES, timeoutMs }) : "";
    result = await handler({ method: req.method, query: url.searchParams, body, channelId: match?.[2] });
  } catch (error) {
    if (!(error instanceof AppError || error instanceof CallbackCryptoError)) {
      log.error({ err: error, path: url.pathname }, "webhook failed");
    }
    result = toWebhookError(error);
  }
  // With its length given, the answer goes out in one piece rather than chunked.
  res.writeHead(result.status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(result.body),
    // A stalled sender's connection is not reused.
    ...(result.status === 408 ? { connection: "close" } : {}),
  });
  res.end(result.body);
  const event = "event" in result ? result.event : undefined;
  if (event) dispatchInboundEvent(event);
}
