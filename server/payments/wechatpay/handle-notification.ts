// POST /webhooks/wechatpay: verified, decrypted and stored with its id before it is answered 204;
// applied afterwards by the notification processor. Every refusal is a 4xx (or 5xx when it could
// not be stored) with WeChat Pay's {"code":"FAIL","message"} body, so WeChat Pay sends it again.
import { storeInboundEvent } from "../../inbound/store-inbound-event";
import type { WebhookAnswer, WebhookRequest } from "../../inbound/webhook-types";
import { createLogger } from "../../logger";
import { findMerchant, getMerchant } from "./merchant";
import {
  notificationEnvelopeSchema,
  refundResourceSchema,
  type StoredNotification,
  transactionSchema,
} from "./notification";
import { decryptResource, signatureHeadersOf, verifyNotification, WechatPayRefusal } from "./notification-crypto";

const log = createLogger("wechatpay");

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new WechatPayRefusal(400, "malformed JSON");
  }
}

/** The decrypted resource, checked against what its event type promises. */
function readResource(eventType: string, id: string, plaintext: string): StoredNotification {
  const resource = parseJson(plaintext);
  if (eventType.startsWith("TRANSACTION.")) {
    const parsed = transactionSchema.safeParse(resource);
    if (!parsed.success) throw new WechatPayRefusal(400, `malformed ${eventType} resource`);
    return { kind: "transaction", id, eventType, resource: parsed.data };
  }
  if (eventType.startsWith("REFUND.")) {
    const parsed = refundResourceSchema.safeParse(resource);
    if (!parsed.success) throw new WechatPayRefusal(400, `malformed ${eventType} resource`);
    return { kind: "refund", id, eventType, resource: parsed.data };
  }
  return { kind: "other", id, eventType };
}

export async function handleWechatPayNotification(request: WebhookRequest): Promise<WebhookAnswer> {
  if (request.method !== "POST") throw new WechatPayRefusal(405, "POST only");
  // /webhooks/wechatpay is the environment's merchant; /webhooks/wechatpay/<id> one added in Settings.
  const merchant = request.accountId ? await findMerchant(request.accountId) : getMerchant();
  if (!merchant) throw new WechatPayRefusal(404, "unknown merchant");
  verifyNotification(signatureHeadersOf(request.headers), request.body, merchant.verificationKeys);
  const envelope = notificationEnvelopeSchema.safeParse(parseJson(request.body));
  if (!envelope.success) throw new WechatPayRefusal(400, "malformed notification");
  const { id, event_type: eventType, resource } = envelope.data;
  const notification = {
    ...readResource(eventType, id, decryptResource(resource, merchant.apiV3Key)),
    merchantId: merchant.id,
  };
  let event: Awaited<ReturnType<typeof storeInboundEvent>>;
  try {
    event = await storeInboundEvent({
      source: "WECHAT_PAY",
      channelAccountId: null,
      dedupeKey: `wechatpay:${merchant.mchId}:${id}`,
      payload: JSON.stringify(notification),
    });
  } catch (error) {
    log.error({ err: error, id }, "WeChat Pay notification could not be stored");
    throw new WechatPayRefusal(500, "could not store the notification");
  }
  // A copy of a stored notification is answered the same: it was received.
  return event ? { status: 204, body: "", event, parsed: notification } : { status: 204, body: "" };
}
