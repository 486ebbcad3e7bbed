// A stored WeChat Pay notification, applied: payments mark their order paid (or are flagged),
// refunds settle. Both are idempotent, so the sweep may apply a notification again.
import { publishOrderChanged } from "../../commerce/orders/customer-orders";
import type { InboundProcessor } from "../../inbound/inbound-processor";
import { afterPayment } from "../after-payment";
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
    if (notification.kind === "transaction") {
      const outcome = await applyPayment(notification.resource, merchant);
      if (outcome.applied) {
        await afterPayment({ orderId: outcome.orderId, paidAt: outcome.paidAt, appId: notification.resource.appid });
      }
    }
    if (notification.kind === "refund") {
      const orderId = await applyRefund(notification.resource);
      if (orderId) await publishOrderChanged(orderId);
    }
    return "applied";
  },
};
