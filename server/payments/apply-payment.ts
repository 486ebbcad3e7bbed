// A payment WeChat Pay reports (notification or query) applied to its order exactly once: the
// Payment row is keyed by out_trade_no and transaction_id, and the order moves to PAID only from
// the statuses that allow it. A payment that does not match its order (another merchant or AppID, a
// different amount or currency) or names no known order is kept and flagged, never applied.

import { ORDER_STATUS_FROM } from "../commerce/orders/order-status";
import { db } from "../db/db";
import type { Prisma } from "../generated/prisma/client";
import type { Merchant } from "./wechatpay/merchant";
import type { Transaction } from "./wechatpay/notification";

export type PaymentOutcome =
  | { applied: true; orderId: string; customerId: string; paidAt: Date }
  | { applied: false; reason: "not_success" | "already_applied" | "flagged" };

function mismatch(transaction: Transaction, merchant: Merchant, order: { totalFen: number } | null): string | null {
  if (transaction.mchid !== merchant.mchId) return `mchid ${transaction.mchid} is not ${merchant.mchId}`;
  if (transaction.appid !== merchant.appId) return `appid ${transaction.appid} is not ${merchant.appId}`;
  if (!order) return `no order ${transaction.out_trade_no}`;
  if ((transaction.amount.currency ?? "CNY") !== "CNY") return `currency ${transaction.amount.currency}`;
  if (transaction.amount.total !== order.totalFen) return `paid ${transaction.amount.total} fen for ${order.totalFen}`;
  return null;
}

/** Flags a payment that cannot be applied: one open PAYMENT_MISMATCH anomaly per transaction. */
async function flag(transaction: Transaction, reason: string, orderId: string | null, customerId: string | null) {
  const details: Prisma.InputJsonValue = {
    reason,
    outTradeNo: transaction.out_trade_no,
    transactionId: transaction.transaction_id,
    paidFen: transaction.amount.total,
    currency: transaction.amount.currency ?? "CNY",
    mchid: transaction.mchid,
    appid: transaction.appid,
  };
  await db().anomaly.createMany({
    data: [
      {
        type: "PAYMENT_MISMATCH",
        severity: "HIGH",
        subjectType: "payment",
        subjectId: transaction.transaction_id,
        openKey: `PAYMENT_MISMATCH:payment:${transaction.transaction_id}`,
        details,
        orderId,
        customerId,
      },
    ],
    skipDuplicates: true,
  });
}

export async function applyPayment(transaction: Transaction, merchant: Merchant): Promise<PaymentOutcome> {
  if (transaction.trade_state !== "SUCCESS") return { applied: false, reason: "not_success" };
  const order = await db().order.findUnique({
    where: { orderNo: transaction.out_trade_no },
    select: { id: true, totalFen: true, customerId: true },
  });
  const problem = mismatch(transaction, merchant, order);
  if (problem || !order) {
    await flag(transaction, problem ?? "no order", order?.id ?? null, order?.customerId ?? null);
    return { applied: false, reason: "flagged" };
  }
  const paidAt = transaction.success_time ? new Date(transaction.success_time) : new Date();
  const outcome = await db().$transaction(async (tx) => {
    // Concurrent copies of the notification race on these unique keys: one inserts, the rest skip.
    await tx.payment.createMany({
      data: [
        {
          outTradeNo: transaction.out_trade_no,
          transactionId: transaction.transaction_id,
          amountFen: order.totalFen,
          paidFen: transaction.amount.total,
          status: "PAID",
          tradeType: transaction.trade_type ?? null,
          mchId: transaction.mchid,
          payerOpenId: transaction.payer?.openid ?? null,
          paidAt,
          orderId: order.id,
        },
      ],
      skipDuplicates: true,
    });
    const moved = await tx.order.updateMany({
      where: { id: order.id, status: { in: [...ORDER_STATUS_FROM.PAID] } },
      data: { status: "PAID", paidAt, paymentStatus: "PAID" },
    });
    if (moved.count > 0) {
      // What the customer has spent with the brand, shown beside the chat, counts paid orders.
      await tx.customer.update({
        where: { id: order.customerId },
        data: { lifetimeValueFen: { increment: order.totalFen } },
      });
      return { applied: true, orderId: order.id, customerId: order.customerId, paidAt } as const;
    }
    const now = await tx.order.findUniqueOrThrow({ where: { id: order.id }, select: { status: true } });
    return { applied: false, reason: "already_applied", status: now.status } as const;
  });
  if (outcome.applied) return outcome;
  // Money arrived for an order the shop had cancelled: somebody must refund or ship it.
  if (outcome.status === "CANCELLED") {
    await flag(transaction, "paid after the order was cancelled", order.id, order.customerId);
    return { applied: false, reason: "flagged" };
  }
  return { applied: false, reason: "already_applied" };
}
