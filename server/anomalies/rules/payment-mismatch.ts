// PAYMENT_MISMATCH: money WeChat Pay reports that LoopDesk will not apply: another merchant or AppID,
// another amount or currency, an order nobody knows, or an order cancelled before the money came.
// Raised where the payment is applied (server/payments/apply-payment.ts), never by a scan; only a
// person resolves it, since only a person can refund or ship.
import { newId } from "../../db/new-id";
import type { SqlConnection } from "../../db/sql-connection";
import type { Transaction } from "../../payments/wechatpay/notification";
import { recordAnomalyChanges } from "../anomaly-events";
import { type AnomalyRule, type ChangedAnomaly, changedColumns } from "./rule";

export const paymentMismatch: AnomalyRule = {
  type: "PAYMENT_MISMATCH",
  candidates: () => null,
  cleared: () => null,
};

export type PaymentFlag = {
  transaction: Transaction;
  reason: string;
  order: { id: string; customerId: string } | undefined;
};

/** One open PAYMENT_MISMATCH anomaly per transaction, however often it is reported. */
export async function flagPaymentMismatches(tx: SqlConnection, flags: PaymentFlag[]): Promise<ChangedAnomaly[]> {
  if (flags.length === 0) return [];
  const { rows: opened } = await tx.query<ChangedAnomaly>(
    `INSERT INTO "Anomaly" (id, type, severity, status, "subjectType", "subjectId", "openKey", details, "orderId",
       "customerId", "conversationId", "detectedAt", "createdAt", "updatedAt")
     SELECT f.id, 'PAYMENT_MISMATCH', 'HIGH', 'OPEN', 'payment', f.subject, 'PAYMENT_MISMATCH:payment:' || f.subject,
       f.details::jsonb, f."order", f.customer,
       (SELECT v.id FROM "Conversation" v WHERE v."customerId" = f.customer ORDER BY v."lastActivityAt" DESC LIMIT 1),
       $6::timestamp, $6::timestamp, $6::timestamp
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS f(id, subject, details, "order", customer)
     ON CONFLICT ("openKey") DO NOTHING
     RETURNING ${changedColumns('"Anomaly"')}`,
    [
      flags.map(() => newId()),
      flags.map((f) => f.transaction.transaction_id),
      flags.map((f) =>
        JSON.stringify({
          reason: f.reason,
          outTradeNo: f.transaction.out_trade_no,
          transactionId: f.transaction.transaction_id,
          paidFen: f.transaction.amount.total,
          currency: f.transaction.amount.currency ?? "CNY",
          mchid: f.transaction.mchid,
          appid: f.transaction.appid,
        }),
      ),
      flags.map((f) => f.order?.id ?? null),
      flags.map((f) => f.order?.customerId ?? null),
      new Date().toISOString(),
    ],
  );
  await recordAnomalyChanges(tx, { opened, resolved: [] });
  return opened;
}
