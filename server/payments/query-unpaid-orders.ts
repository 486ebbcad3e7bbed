// Notifications are not guaranteed (WeChat Pay stops retrying after 24 h, and a down console misses
// them): orders still unpaid some minutes after they were created are looked up at WeChat Pay and a
// payment found there goes through the same applyPayments as a notification.
import { db, getDatabase } from "../db/db";
import { getConfig } from "../env";
import { recordPayments } from "./after-payment";
import { applyPayments, type PaymentOutcome } from "./apply-payment";
import { getMerchant } from "./wechatpay/merchant";
import { transactionSchema } from "./wechatpay/notification";
import { callPayApi, PayApiError } from "./wechatpay/pay-client";

const BATCH = 50;
/** WeChat Pay closes an unpaid order within a day: older ones are not asked about. */
const GIVE_UP_AFTER_MS = 24 * 3600_000;

/** Asks WeChat Pay about a batch of overdue unpaid orders; returns what each answer did. */
export async function queryUnpaidOrders(
  now = new Date(),
): Promise<{ orderNo: string; outcome: PaymentOutcome | "unpaid" }[]> {
  const merchant = getMerchant();
  // Orders do not say which merchant they will be paid to: the environment's is asked.
  if (!merchant?.signer) return [];
  const after = getConfig().wechatPayQueryAfterMs;
  const due = new Date(now.getTime() - after);
  const orders = await db().order.findMany({
    where: {
      status: "PENDING_PAYMENT",
      createdAt: { lt: due, gt: new Date(now.getTime() - GIVE_UP_AFTER_MS) },
      OR: [{ paymentQueriedAt: null }, { paymentQueriedAt: { lt: due } }],
    },
    orderBy: { createdAt: "asc" },
    take: BATCH,
    select: { id: true, orderNo: true },
  });
  const results: { orderNo: string; outcome: PaymentOutcome | "unpaid" }[] = [];
  for (const order of orders) {
    let outcome: PaymentOutcome | "unpaid" = "unpaid";
    try {
      const transaction = await callPayApi(
        merchant,
        "GET",
        `/v3/pay/transactions/out-trade-no/${encodeURIComponent(order.orderNo)}?mchid=${merchant.mchId}`,
        undefined,
        transactionSchema,
      );
      if (transaction.trade_state === "SUCCESS") {
        const [applied, after] = await getDatabase().transaction(async (tx) => {
          const [applied] = await applyPayments(tx, [{ transaction, merchant }]);
          return [applied, await recordPayments(tx, applied?.applied ? [applied] : [], new Date())] as const;
        });
        await after();
        if (applied) outcome = applied;
      }
    } catch (error) {
      // Never sent to WeChat Pay (the customer never opened the payment): nothing to find.
      if (!(error instanceof PayApiError && error.code === "ORDER_NOT_EXIST")) throw error;
    }
    await db().order.update({ where: { id: order.id }, data: { paymentQueriedAt: now } });
    results.push({ orderNo: order.orderNo, outcome });
  }
  return results;
}
