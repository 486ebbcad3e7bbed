// Refunds are followed by notification and, because notifications can be missed, by asking: refunds
// written but never submitted (the process died before its job ran) are submitted, and refunds
// WeChat Pay still reports PROCESSING or ABNORMAL a while after submission are queried.
import { orderChanged } from "../../commerce/orders/order-changed";
import { db } from "../../db/db";
import { createLogger } from "../../logger";
import { merchantOf } from "../wechatpay/merchant";
import { queryRefund } from "../wechatpay/refund-api";
import { applyRefundOutcome } from "./apply-refund-outcome";
import { outcomeOf, submitRefund } from "./submit-refund";

const log = createLogger("refunds");
const BATCH = 50;
/** A written refund's job normally runs within seconds; after this it is submitted by the sweep. */
const SUBMIT_AFTER_MS = 2 * 60_000;
/** Most refunds settle within minutes; ask about those still open after this, and again as often. */
const QUERY_EVERY_MS = 10 * 60_000;

export async function followRefunds(now = new Date()): Promise<{ submitted: number; queried: number }> {
  const unsubmitted = await db().refund.findMany({
    where: {
      status: "PROCESSING",
      submittedAt: null,
      requestedById: { not: null },
      createdAt: { lt: new Date(now.getTime() - SUBMIT_AFTER_MS) },
    },
    orderBy: { createdAt: "asc" },
    take: BATCH,
    select: { id: true },
  });
  for (const refund of unsubmitted) {
    await submitRefund(refund.id).catch((error: unknown) =>
      log.warn({ err: error, refundId: refund.id }, "refund submission failed; tried again next sweep"),
    );
  }
  const due = new Date(now.getTime() - QUERY_EVERY_MS);
  const open = await db().refund.findMany({
    where: {
      status: { in: ["PROCESSING", "ABNORMAL"] },
      submittedAt: { lt: due },
      OR: [{ queriedAt: null }, { queriedAt: { lt: due } }],
    },
    orderBy: { createdAt: "asc" },
    take: BATCH,
    select: { id: true, outRefundNo: true, payment: { select: { mchId: true } } },
  });
  for (const refund of open) {
    try {
      const merchant = await merchantOf(refund.payment.mchId);
      if (!merchant) throw new Error(`merchant ${refund.payment.mchId} is not configured`);
      const orderId = await applyRefundOutcome(outcomeOf(await queryRefund(merchant, refund.outRefundNo)));
      if (orderId) await orderChanged(orderId);
    } catch (error) {
      log.warn({ err: error, outRefundNo: refund.outRefundNo }, "refund query failed; asked again next sweep");
    }
    await db().refund.update({ where: { id: refund.id }, data: { queriedAt: now } });
  }
  return { submitted: unsubmitted.length, queried: open.length };
}
