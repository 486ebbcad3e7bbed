export type WebhookRequest = {
  method: "GET" | "POST";
  query: URLSearchParams;
  body: string;
  /** Set for accounts added in Settings (/webhooks/<kind>/<channelId>). */
  channelId?: string;
};

import type { StoredInboundEvent } from "./store-inbound-event";

export type WebhookResult = {
  status: number;
  body: string;
  /** A newly stored event to process once the acknowledgement is sent. */
  event?: StoredInboundEvent;
};
