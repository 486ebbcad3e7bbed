// Payments WeChat Pay reports (notifications or the query) applied to their orders exactly once: a
// Payment row is keyed by out_trade_no and transaction_id, and an order moves to PAID only from the
// statuses that allow it. A payment that does not match its order (another merchant or AppID, a
// different amount or currency) or names no known order is kept and flagged, never applied.
// Set-based: a batch of payments is one read and one statement, whatever its size.

import { flagPaymentMismatches, type PaymentFlag } from "../anomalies/rules/payment-mismatch";
import type { ChangedAnomaly } from "../anomalies/rules/rule";
import { ORDER_STATUS_FROM } from "../commerce/orders/order-status";
import { newId } from "../db/new-id";
import type { SqlConnection } from "../db/sql-connection";
import type { OrderStatus } from "../generated/prisma/enums";
import type { Merchant } from "./wechatpay/merchant";
import type { Transaction } from "./wechatpay/notification";

export type PaymentReport = { transaction: Transaction; merchant: Merchant };

/** An order this batch moved to PAID, with what follows a payment needs to know of it. */
export type PaidOrder = {
  orderId: string;
  orderNo: string;
  totalFen: number;
  customerId: string;
  channel: string | null;
  paidAt: Date;
  appId: string;
};

export type PaymentOutcome =
  | ({ applied: true } & PaidOrder)
  | { applied: false; reason: "not_success" | "already_applied" }
  /** `anomaly`: the PAYMENT_MISMATCH this report opened (none when one was already open). */
  | { applied: false; reason: "flagged"; anomaly?: ChangedAnomaly };

type OrderRow = { id: string; orderNo: string; totalFen: number; customerId: string; channel: string | null };

function mismatch(transaction: Transaction, merchant: Merchant, order: OrderRow | undefined): string | null {
  if (transaction.mchid !== merchant.mchId) return `mchid ${transaction.mchid} is not ${merchant.mchId}`;
  if (transaction.appid !== merchant.appId) return `appid ${transaction.appid} is not ${merchant.appId}`;
  if (!order) return `no order ${transaction.out_trade_no}`;
  if ((transaction.amount.currency ?? "CNY") !== "CNY") return `currency ${transaction.amount.currency}`;
  if (transaction.amount.total !== order.totalFen) return `paid ${transaction.amount.total} fen for ${order.totalFen}`;
  return null;
}

/**
 * The payment rows (their unique keys stop a concurrent copy), the orders' guarded moves to PAID and
 * what each customer has spent, in one statement: all or nothing, one round trip. Every CTE sees the
 * orders as they were before the statement: `before` tells a late copy from a cancelled order.
 */
const APPLY_SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[],
      $8::timestamptz[], $9::text[], $10::text[])
      AS i(id, "outTradeNo", "transactionId", "amountFen", "paidFen", "tradeType", "payerOpenId", "paidAt", "orderId", "mchId")
  ), before AS (
    SELECT o.id, o.status::text AS status FROM "Order" o WHERE o.id IN (SELECT "orderId" FROM input)
  ), payment AS (
    INSERT INTO "Payment" (id, "outTradeNo", "transactionId", "amountFen", "paidFen", status, "tradeType",
      "payerOpenId", "paidAt", "orderId", "mchId", "createdAt", "updatedAt")
    SELECT id, "outTradeNo", "transactionId", "amountFen", "paidFen", 'PAID', "tradeType", "payerOpenId", "paidAt",
      "orderId", "mchId", now(), now()
    FROM input
    ON CONFLICT DO NOTHING
    RETURNING id
  ), moved AS (
    UPDATE "Order" o SET status = 'PAID', "paidAt" = i."paidAt", "paymentStatus" = 'PAID', "updatedAt" = now()
    FROM input i
    WHERE o.id = i."orderId" AND o.status::text = ANY($11::text[])
    RETURNING o.id, o."customerId", i."amountFen"
  ), spent AS (
    UPDATE "Customer" c SET "lifetimeValueFen" = c."lifetimeValueFen" + s.total, "updatedAt" = now()
    FROM (SELECT "customerId", sum("amountFen")::int AS total FROM moved GROUP BY "customerId") s
    WHERE c.id = s."customerId"
  )
  SELECT i."orderId", m.id IS NOT NULL AS moved, b.status AS before
  FROM input i LEFT JOIN moved m ON m.id = i."orderId" LEFT JOIN before b ON b.id = i."orderId"`;

/**
 * Coupons LoopDesk issued that paid part of these orders (the payments' promotion_detail) are used,
 * by that order: one statement for the batch, none when no payment used a coupon.
 */
async function recordCouponUse(tx: SqlConnection, paid: { transaction: Transaction; order: OrderRow; paidAt: Date }[]) {
  const uses = paid.flatMap(({ transaction, order, paidAt }) =>
    (transaction.promotion_detail ?? []).map((promotion) => ({ couponId: promotion.coupon_id, order, paidAt })),
  );
  if (uses.length === 0) return;
  await tx.query(
    `UPDATE "CouponGrant" g SET status = 'USED', "usedAt" = u."usedAt", "usedOrderId" = u."orderId", "updatedAt" = now()
     FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS u("couponId", "orderId", "usedAt")
     WHERE g."couponId" = u."couponId" AND g.status IN ('SENT', 'PENDING')`,
    [uses.map((use) => use.couponId), uses.map((use) => use.order.id), uses.map((use) => use.paidAt.toISOString())],
  );
}

/** Applies reports that name distinct orders. */
async function applyDistinct(tx: SqlConnection, reports: PaymentReport[]): Promise<PaymentOutcome[]> {
  const { rows: orders } = await tx.query<OrderRow>(
    `SELECT id, "orderNo", "totalFen", "customerId", channel FROM "Order" WHERE "orderNo" = ANY($1::text[])`,
    [reports.map((report) => report.transaction.out_trade_no)],
  );
  const byNo = new Map(orders.map((order) => [order.orderNo, order]));
  const outcomes: PaymentOutcome[] = reports.map(() => ({ applied: false, reason: "flagged" }));
  const flags: PaymentFlag[] = [];
  const matching: { index: number; transaction: Transaction; order: OrderRow; paidAt: Date }[] = [];
  reports.forEach(({ transaction, merchant }, index) => {
    const order = byNo.get(transaction.out_trade_no);
    const problem = mismatch(transaction, merchant, order);
    if (problem || !order) flags.push({ transaction, reason: problem ?? "no order", order });
    else {
      const paidAt = transaction.success_time ? new Date(transaction.success_time) : new Date();
      matching.push({ index, transaction, order, paidAt });
    }
  });
  if (matching.length > 0) {
    const { rows } = await tx.query<{ orderId: string; moved: boolean; before: OrderStatus | null }>(APPLY_SQL, [
      matching.map(() => newId()),
      matching.map((m) => m.transaction.out_trade_no),
      matching.map((m) => m.transaction.transaction_id),
      matching.map((m) => m.order.totalFen),
      matching.map((m) => m.transaction.amount.total),
      matching.map((m) => m.transaction.trade_type ?? null),
      matching.map((m) => m.transaction.payer?.openid ?? null),
      matching.map((m) => m.paidAt.toISOString()),
      matching.map((m) => m.order.id),
      matching.map((m) => m.transaction.mchid),
      [...ORDER_STATUS_FROM.PAID],
    ]);
    const byOrder = new Map(rows.map((row) => [row.orderId, row]));
    for (const { index, transaction, order, paidAt } of matching) {
      const row = byOrder.get(order.id);
      if (row?.moved) {
        outcomes[index] = {
          applied: true,
          orderId: order.id,
          orderNo: order.orderNo,
          totalFen: order.totalFen,
          customerId: order.customerId,
          channel: order.channel,
          paidAt,
          appId: transaction.appid,
        };
      } else if (row?.before === "CANCELLED") {
        // Money arrived for an order the shop had cancelled: somebody must refund or ship it.
        flags.push({ transaction, reason: "paid after the order was cancelled", order });
      } else outcomes[index] = { applied: false, reason: "already_applied" };
    }
  }
  await recordCouponUse(tx, matching);
  const opened = new Map((await flagPaymentMismatches(tx, flags)).map((anomaly) => [anomaly.subjectId, anomaly]));
  reports.forEach(({ transaction }, index) => {
    const anomaly = opened.get(transaction.transaction_id);
    if (anomaly) outcomes[index] = { applied: false, reason: "flagged", anomaly };
  });
  return outcomes;
}

/**
 * Applies a batch of reported payments inside `tx`, one outcome per report in the given order.
 * Reports of the same order go in separate rounds, so each sees what the one before it did.
 */
export async function applyPayments(tx: SqlConnection, reports: PaymentReport[]): Promise<PaymentOutcome[]> {
  const outcomes: PaymentOutcome[] = reports.map(() => ({ applied: false, reason: "not_success" }));
  let waiting = reports.flatMap((report, index) => (report.transaction.trade_state === "SUCCESS" ? [index] : []));
  while (waiting.length > 0) {
    const seen = new Set<string>();
    const round: number[] = [];
    const later: number[] = [];
    for (const index of waiting) {
      const orderNo = reports[index]?.transaction.out_trade_no ?? "";
      if (seen.has(orderNo)) later.push(index);
      else {
        seen.add(orderNo);
        round.push(index);
      }
    }
    const results = await applyDistinct(
      tx,
      round.flatMap((index) => reports[index] ?? []),
    );
    round.forEach((index, i) => {
      const result = results[i];
      if (result) outcomes[index] = result;
    });
    waiting = later;
  }
  return outcomes;
}
