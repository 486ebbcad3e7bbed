// A refund's outcome WeChat Pay reports, applied once: the Refund row is keyed by out_refund_no and
// only moves out of PROCESSING or ABNORMAL (SUCCESS and CLOSED are final). A refund that succeeds
// for the whole amount moves the order to REFUNDED; a partial one leaves its status and shows in the
// refunded amount.
import { ORDER_STATUS_FROM } from "../commerce/orders/order-status";
import { db } from "../db/db";
import type { RefundResource } from "./wechatpay/notification";

/** Returns the refunded order's id when the refund's status changed, null when nothing did. */
export async function applyRefund(refund: RefundResource): Promise<string | null> {
  const payment = await db().payment.findFirst({
    where: { OR: [{ transactionId: refund.transaction_id }, { outTradeNo: refund.out_trade_no }] },
    select: { id: true, orderId: true, order: { select: { totalFen: true } } },
  });
  // Its payment is not applied yet (notifications cross): the sweep tries again.
  if (!payment) throw new Error(`refund ${refund.out_refund_no} for a payment not yet recorded`);
  const succeededAt = refund.refund_status === "SUCCESS" ? new Date(refund.success_time ?? Date.now()) : null;
  return db().$transaction(async (tx) => {
    await tx.refund.createMany({
      data: [
        {
          outRefundNo: refund.out_refund_no,
          refundId: refund.refund_id,
          amountFen: refund.amount.refund,
          paymentId: payment.id,
          orderId: payment.orderId,
        },
      ],
      skipDuplicates: true,
    });
    const moved = await tx.refund.updateMany({
      where: { outRefundNo: refund.out_refund_no, status: { in: ["PROCESSING", "ABNORMAL"] } },
      data: { status: refund.refund_status, refundId: refund.refund_id, succeededAt },
    });
    if (moved.count === 0) return null;
    if (refund.refund_status !== "SUCCESS") return payment.orderId;
    const refunded = await tx.refund.aggregate({
      where: { paymentId: payment.id, status: "SUCCESS" },
      _sum: { amountFen: true },
    });
    const whole = (refunded._sum.amountFen ?? 0) >= payment.order.totalFen;
    await tx.payment.update({
      where: { id: payment.id },
      data: { status: whole ? "REFUNDED" : "PARTIALLY_REFUNDED" },
    });
    await tx.customer.updateMany({
      where: { orders: { some: { id: payment.orderId } } },
      data: { lifetimeValueFen: { decrement: refund.amount.refund } },
    });
    if (whole) {
      await tx.order.updateMany({
        where: { id: payment.orderId, status: { in: [...ORDER_STATUS_FROM.REFUNDED] } },
        data: { status: "REFUNDED" },
      });
    }
    return payment.orderId;
  });
}
