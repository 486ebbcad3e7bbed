// A stored WeChat Pay notification, applied: payments mark their order paid (or are flagged),
// refunds settle. Both are idempotent, so the sweep may apply a notification again.
import type { InboundProcessor } from "../../inbound/inbound-processor";
import { applyPayment } from "../apply-payment";
import { applyRefund } from "../apply-refund";
import { getMerchant } from "./merchant";
import { type StoredNotification, storedNotificationSchema } from "./notification";

export const wechatPayProcessor: InboundProcessor<StoredNotification> = {
  lane: "queue",
  parse: (payload) => storedNotificationSchema.parse(JSON.parse(payload)),
  async apply(_event, notification) {
    const merchant = getMerchant();
    if (!merchant) throw new Error("WeChat Pay is not configured");
    if (notification.kind === "transaction") await applyPayment(notification.resource, merchant);
    if (notification.kind === "refund") await applyRefund(notification.resource);
    return "applied";
  },
};
