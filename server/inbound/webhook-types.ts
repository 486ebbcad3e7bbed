import type { StoredInboundEvent } from "./inbound-processor";

export type WebhookRequest = {
  method: "GET" | "POST";
  query: URLSearchParams;
  /** The raw body as UTF-8 (signatures are computed over it). */
  body: string;
  headers: Record<string, string | string[] | undefined>;
  /** Set for accounts added in Settings (/webhooks/<source>/<accountId>). */
  accountId?: string;
};

export type WebhookAnswer = {
  status: number;
  body: string;
  /** text/plain unless given (WeChat reads "success"; WeChat Pay reads JSON). */
  contentType?: string;
  /** A newly stored event, processed once the answer is sent; absent for a replay or a probe. */
  event?: StoredInboundEvent;
  /** What the handler already parsed from the event, so processing does not parse it again. */
  parsed?: unknown;
};

/** Answers one webhook path: verify, decrypt, store the event; never process before answering. */
export type WebhookHandler = (request: WebhookRequest) => Promise<WebhookAnswer>;

/** A refusal answered as the platform expects it (its status and body), not as the API's JSON error. */
export class WebhookRefusal extends Error {
  override name = "WebhookRefusal";
  constructor(
    readonly status: number,
    readonly answer: string,
    message = answer,
    /** text/plain unless given. */
    readonly contentType?: string,
  ) {
    super(message);
  }
}
