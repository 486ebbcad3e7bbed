// A payment WeChat Pay reports (notification or query) applied to its order exactly once: the
// Payment row is keyed by out_trade_no and transaction_id, and the order moves to PAID only from
// the statuses that allow it. A payment that does not match its order (another merchant or AppID, a
// different amount or currency) or names no known order is kept and flagged, never applied.

import { ORDER_STATUS_FROM } from "../commerce/orders/order-status";
import { db, getDatabase } from "../db/db";
import { newId } from "../db/new-id";
import type { Prisma } from "../generated/prisma/client";
import type { OrderStatus } from "../generated/prisma/enums";
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

/**
 * The payment row (its unique keys stop a concurrent copy), the order's guarded move to PAID and
 * what the customer has spent, in one statement: all or nothing, one round trip. The final SELECT
 * sees the order as it was before the statement: its status tells a late copy from a cancelled order.
 */
const APPLY_SQL = `
  WITH payment AS (
    INSERT INTO "Payment" (id, "outTradeNo", "transactionId", "amountFen", "paidFen", status, "tradeType",
      "payerOpenId", "paidAt", "orderId", "mchId", "createdAt", "updatedAt")
    VALUES ($1, $2, $3, $4, $5, 'PAID', $6, $7, $8, $9, $10, now(), now())
    ON CONFLICT DO NOTHING
    RETURNING id
  ), moved AS (
    UPDATE "Order" SET status = 'PAID', "paidAt" = $8, "paymentStatus" = 'PAID', "updatedAt" = now()
    WHERE id = $9 AND status::text = ANY($11::text[])
    RETURNING id
  ), spent AS (
    UPDATE "Customer" SET "lifetimeValueFen" = "lifetimeValueFen" + $4, "updatedAt" = now()
    WHERE id = $12 AND EXISTS (SELECT 1 FROM moved)
    RETURNING id
  )
  SELECT EXISTS (SELECT 1 FROM moved) AS moved, (SELECT status::text FROM "Order" WHERE id = $9) AS before,
    (SELECT count(*) FROM spent)::int AS spent`;

export async function applyPayment(transaction: Transaction, merchant: Merchant): Promise<PaymentOutcome> {
  if (transaction.trade_state !== "SUCCESS") return { applied: false, reason: "not_success" };
  const sql = getDatabase().sql;
  const { rows } = await sql.query<{ id: string; totalFen: number; customerId: string }>(
    `SELECT id, "totalFen", "customerId" FROM "Order" WHERE "orderNo" = $1`,
    [transaction.out_trade_no],
  );
  const order = rows[0] ?? null;
  const problem = mismatch(transaction, merchant, order);
  if (problem || !order) {
    await flag(transaction, problem ?? "no order", order?.id ?? null, order?.customerId ?? null);
    return { applied: false, reason: "flagged" };
  }
  const paidAt = transaction.success_time ? new Date(transaction.success_time) : new Date();
  const { rows: applied } = await sql.query<{ moved: boolean; before: OrderStatus }>(APPLY_SQL, [
    newId(),
    transaction.out_trade_no,
    transaction.transaction_id,
    order.totalFen,
    transaction.amount.total,
    transaction.trade_type ?? null,
    transaction.payer?.openid ?? null,
    paidAt.toISOString(),
    order.id,
    transaction.mchid,
    [...ORDER_STATUS_FROM.PAID],
    order.customerId,
  ]);
  if (applied[0]?.moved) return { applied: true, orderId: order.id, customerId: order.customerId, paidAt };
  // Money arrived for an order the shop had cancelled: somebody must refund or ship it.
  if (applied[0]?.before === "CANCELLED") {
    await flag(transaction, "paid after the order was cancelled", order.id, order.customerId);
    return { applied: false, reason: "flagged" };
  }
  return { applied: false, reason: "already_applied" };
}
