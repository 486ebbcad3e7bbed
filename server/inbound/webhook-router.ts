// /webhooks/<source>[/<accountId>] on the custom server, outside Next.js: platforms wait 5 s at most,
// so this path does only read → the source's handler (verify, decrypt, durable insert) → answer,
// and processes the stored event after the answer has been sent.
import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError, toErrorResponse } from "../errors";
import type { InboundSource } from "../generated/prisma/enums";
import { createLogger } from "../logger";
import type { InboundProcessor } from "./inbound-processor";
import { dispatchInboundEvent } from "./process-inbound-event";
import { readWebhookBody } from "./read-webhook-body";
import { type WebhookAnswer, type WebhookHandler, WebhookRefusal } from "./webhook-types";

const log = createLogger("webhooks");
const ROUTE = /^\/webhooks\/([a-z][a-z-]{0,31})(?:\/([A-Za-z0-9_-]{1,64}))?\/?$/;
/** Real callbacks are a few KB; anything near this is not from a platform. */
const WEBHOOK_BODY_LIMIT_BYTES = 64 * 1024;
/** WeChat waits 5 s for the answer: a body still arriving after twice that is not coming. */
const WEBHOOK_BODY_TIMEOUT_MS = 10_000;

export type WebhookRouterOptions = {
  /** The handler of each path segment: /webhooks/<segment>. */
  routes: Readonly<Record<string, WebhookHandler>>;
  processors: Readonly<Record<InboundSource, InboundProcessor>>;
  bodyTimeoutMs?: number;
};

export function isWebhookPath(path: string): boolean {
  return path === "/webhooks" || path.startsWith("/webhooks/");
}

function toAnswer(error: unknown): WebhookAnswer {
  if (error instanceof WebhookRefusal) {
    return {
      status: error.status,
      body: error.answer,
      ...(error.contentType ? { contentType: error.contentType } : {}),
    };
  }
  // A bad signature gets 401 and nothing else.
  if (error instanceof AppError && error.code === "UNAUTHORIZED") return { status: 401, body: "" };
  const { status, body } = toErrorResponse(error);
  return { status, body: JSON.stringify(body), contentType: "application/json; charset=utf-8" };
}

export function createWebhookRouter(options: WebhookRouterOptions) {
  const timeoutMs = options.bodyTimeoutMs ?? WEBHOOK_BODY_TIMEOUT_MS;

  return async function handleWebhookRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = ROUTE.exec(url.pathname);
    let answer: WebhookAnswer;
    try {
      const handler = match?.[1] ? options.routes[match[1]] : undefined;
      if (!handler) throw new AppError("NOT_FOUND", "no such webhook");
      if (req.method !== "GET" && req.method !== "POST") throw new AppError("METHOD_NOT_ALLOWED", "GET or POST only");
      const body =
        req.method === "POST" ? await readWebhookBody(req, { limitBytes: WEBHOOK_BODY_LIMIT_BYTES, timeoutMs }) : "";
      answer = await handler({
        method: req.method,
        query: url.searchParams,
        body,
        headers: req.headers,
        accountId: match?.[2],
      });
    } catch (error) {
      if (!(error instanceof AppError || error instanceof WebhookRefusal)) {
        log.error({ err: error, path: url.pathname }, "webhook failed");
      }
      answer = toAnswer(error);
    }
    // With its length given, the answer goes out in one piece rather than chunked.
    res.writeHead(answer.status, {
      "content-type": answer.contentType ?? "text/plain; charset=utf-8",
      "content-length": Buffer.byteLength(answer.body),
      // A stalled sender's connection is not reused.
      ...(answer.status === 408 ? { connection: "close" } : {}),
    });
    res.end(answer.body);
    if (answer.event) dispatchInboundEvent(answer.event, options.processors[answer.event.source], answer.parsed);
  };
}
