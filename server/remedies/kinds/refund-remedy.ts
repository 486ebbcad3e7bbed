// A refund as a remedy: part or all of the order's WeChat Pay payment, through the refund flow
// (server/payments/refunds/): written with its out_refund_no here, submitted by a job after commit.
import { db } from "../../db/db";
import { AppError, localized } from "../../errors";
import { enqueue } from "../../jobs/enqueue";
import { createLogger } from "../../logger";
import { assertWithinRefundable, createRefund, lockRefundable } from "../../payments/refunds/create-refund";
import { merchantOf } from "../../payments/wechatpay/merchant";
import type { RemedyKindHandler } from "./remedy-kind";

const log = createLogger("remedies");

async function refundablePayment(orderId: string) {
  const payment = await db().payment.findFirst({
    where: { orderId, status: { in: ["PAID", "PARTIALLY_REFUNDED"] } },
    select: { id: true, amountFen: true, orderId: true, mchId: true },
  });
  if (!payment) throw new AppError("CONFLICT", localized("error.refundOrderNotPaid"));
  return payment;
}

export const refundRemedy: RemedyKindHandler<{ amountFen: number }> = {
  async plan(target, input) {
    if (!target.order) throw new AppError("INVALID_INPUT", localized("error.remedyNeedsOrder"));
    const payment = await refundablePayment(target.order.id);
    // Refunded by the merchant that was paid, which must be able to sign requests.
    if (!(await merchantOf(payment.mchId))?.signer) {
      throw new AppError("UNAVAILABLE", localized("error.wechatPayNotConfigured"));
    }
    // Checked again under the payment's lock when carried out; this answers early.
    assertWithinRefundable(input.amountFen, await db().$transaction((tx) => lockRefundable(tx, payment)));
    return { costFen: input.amountFen, shareOfOrder: true, couponStockId: null };
  },
  async prepare(draft) {
    if (!draft.orderId) throw new AppError("INVALID_INPUT", localized("error.remedyNeedsOrder"));
    const payment = await refundablePayment(draft.orderId);
    return async (tx, remedy, approvedById) => {
      assertWithinRefundable(remedy.costFen, await lockRefundable(tx, payment));
      const refund = await createRefund(tx, {
        payment,
        amountFen: remedy.costFen,
        // WeChat Pay shows the reason to the customer and takes at most 80 characters.
        reason: remedy.reason.slice(0, 80),
        requestedById: remedy.requestedById,
        ...(approvedById ? { approvedById } : {}),
      });
      return { refundId: refund.id };
    };
  },
  async afterCommit(link) {
    if (!("refundId" in link)) return;
    // Lost only if the process dies right here; the refund sweep submits what was never submitted.
    await enqueue("payments.submit-refund", { refundId: link.refundId }).catch((error: unknown) =>
      log.warn({ err: error, refundId: link.refundId }, "refund not queued; the sweep submits it"),
    );
  },
};
