// Sends a written refund to WeChat Pay and records what it answered. Safe to run again and at once
// (job retries, the sweep): the out_refund_no was fixed when the refund was written, so WeChat Pay
// refunds once. A refusal that retrying cannot fix closes the refund with WeChat Pay's reason; any
// other failure is kept on the refund and thrown, so the job tries again.
import { orderChanged } from "../../commerce/orders/order-changed";
import { db } from "../../db/db";
import { merchantOf } from "../wechatpay/merchant";
import { PayApiError } from "../wechatpay/pay-client";
import { applyForRefund, type RefundAnswer } from "../wechatpay/refund-api";
import { applyRefundOutcome } from "./apply-refund-outcome";

/** Codes WeChat Pay answers for a request that may succeed later unchanged (docs/wechat-protocols.md §4.7). */
const TRANSIENT_CODES = new Set(["SYSTEM_ERROR", "FREQUENCY_LIMITED", "NOT_ENOUGH", "SIGN_ERROR"]);

function isFinalRefusal(error: unknown): error is PayApiError {
  return (
    error instanceof PayApiError &&
    error.verified &&
    [400, 403, 404].includes(error.status) &&
    !TRANSIENT_CODES.has(error.code)
  );
}

export function outcomeOf(answer: RefundAnswer) {
  return {
    outRefundNo: answer.out_refund_no,
    refundId: answer.refund_id,
    status: answer.status,
    transactionId: answer.transaction_id,
    outTradeNo: answer.out_trade_no,
    amountFen: answer.amount.refund,
    successTime: answer.success_time,
  };
}

export async function submitRefund(refundId: string): Promise<void> {
  const refund = await db().refund.findUnique({
    where: { id: refundId },
    include: { payment: { select: { transactionId: true, outTradeNo: true, amountFen: true, mchId: true } } },
  });
  if (!refund || refund.submittedAt || refund.status !== "PROCESSING") return;
  const merchant = await merchantOf(refund.payment.mchId);
  if (!merchant)
    throw new Error(`merchant ${refund.payment.mchId} is not configured; refund ${refund.outRefundNo} waits`);
  let answer: RefundAnswer;
  try {
    answer = await applyForRefund(merchant, {
      transactionId: refund.payment.transactionId,
      outTradeNo: refund.payment.outTradeNo,
      outRefundNo: refund.outRefundNo,
      reason: refund.reason,
      amountFen: refund.amountFen,
      totalFen: refund.payment.amountFen,
    });
  } catch (error) {
    const reason = error instanceof PayApiError ? error.message : String(error);
    if (!isFinalRefusal(error)) {
      await db().refund.update({ where: { id: refund.id }, data: { failureReason: reason.slice(0, 500) } });
      throw error;
    }
    const orderId = await applyRefundOutcome({
      outRefundNo: refund.outRefundNo,
      refundId: null,
      status: "CLOSED",
      transactionId: refund.payment.transactionId ?? "",
      outTradeNo: refund.payment.outTradeNo,
      amountFen: refund.amountFen,
      failureReason: reason.slice(0, 500),
    });
    if (orderId) await orderChanged(orderId);
    return;
  }
  await db().refund.updateMany({
    where: { id: refund.id, submittedAt: null },
    data: { submittedAt: new Date(), refundId: answer.refund_id, failureReason: null },
  });
  await applyRefundOutcome(outcomeOf(answer));
  await orderChanged(refund.orderId);
}
