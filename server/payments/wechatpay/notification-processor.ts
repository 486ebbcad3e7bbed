// A stored WeChat Pay notification, applied: payments mark their order paid (or are flagged),
// refunds settle. Both are idempotent, so the sweep may apply a notification again.
import { orderChanged } from "../../commerce/orders/order-changed";
import type { InboundProcessor } from "../../inbound/inbound-processor";
import { applyRefundOutcome } from "../refunds/apply-refund-outcome";
import { findMerchant, getMerchant } from "./merchant";
import { type StoredNotification, storedNotificationSchema } from "./notification";
import { applyNotifiedPayment } from "./notified-payments";

export const wechatPayProcessor: InboundProcessor<StoredNotification> = {
  lane: "queue",
  parse: (payload) => storedNotificationSchema.parse(JSON.parse(payload)),
  async apply(event, notification) {
    const merchant = notification.merchantId ? await findMerchant(notification.merchantId) : getMerchant();
    // Removed or disabled since it was received: kept, and applied by the sweep if it comes back.
    if (!merchant) throw new Error(`merchant ${notification.merchantId ?? "(environment)"} is not configured`);
    if (notification.kind === "transaction") {
      await applyNotifiedPayment(event.id, { transaction: notification.resource, merchant });
      return "marked";
    }
    if (notification.kind === "refund") {
      const refund = notification.resource;
      const orderId = await applyRefundOutcome({
        outRefundNo: refund.out_refund_no,
        refundId: refund.refund_id,
        status: refund.refund_status,
        transactionId: refund.transaction_id,
        outTradeNo: refund.out_trade_no,
        amountFen: refund.amount.refund,
        successTime: refund.success_time,
      });
      if (orderId) await orderChanged(orderId);
    }
    return "applied";
  },
};
