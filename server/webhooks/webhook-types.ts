export type WebhookRequest = {
  method: "GET" | "POST";
  query: URLSearchParams;
  body: string;
  /** Set for accounts added in Settings (/webhooks/<kind>/<channelId>). */
  channelId?: string;
};

import type { WechatPush } from "../channels/official-account/normalize-message";
import type { KfCallback } from "../channels/wecom/handle-kf-callback";
import type { StoredInboundEvent } from "./store-inbound-event";

/** A stored event on its way to processing in this process, with what the ack already parsed. */
export type AcknowledgedEvent = StoredInboundEvent & { push?: WechatPush; kfCallback?: KfCallback };

export type WebhookResult = {
  status: number;
  body: string;
  /** A newly stored event to process once the acknowledgement is sent. */
  event?: AcknowledgedEvent;
};
