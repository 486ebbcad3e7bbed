// A refund's outcome as WeChat Pay reports it (notification, the submit answer or a query), applied
// once: the Refund row is keyed by out_refund_no and only moves out of PROCESSING or ABNORMAL
// (SUCCESS and CLOSED are final). A refund that succeeds for the whole amount moves the order to
// REFUNDED; a partial one leaves its status and shows in the refunded amount; a closed one returns
// an order it had put in REFUNDING to where it was.
import { ORDER_STATUS_FROM } from "../../commerce/orders/order-status";
import { db } from "../../db/db";
import { prismaSql } from "../../db/prisma-sql";
import type { RefundStatus } from "../../generated/prisma/enums";
import { markRemedyFailed } from "../../remedies/remedy-failed";
import { emitWebhookEvents } from "../../webhooks/webhook-events";

export type RefundOutcome = {
  outRefundNo: string;
  refundId: string | null;
  status: RefundStatus;
  transactionId: string;
  outTradeNo: string;
  amountFen: number;
  successTime?: string;
  /** Why WeChat Pay refused the request, for a refund closed without reaching it. */
  failureReason?: string;
};

/** Returns the refunded order's id when the refund's status changed, null when nothing did. */
export async function applyRefundOutcome(outcome: RefundOutcome): Promise<string | null> {
  if (outcome.status === "PROCESSING") return null;
  const payment = await db().payment.findFirst({
    where: { OR: [{ transactionId: outcome.transactionId }, { outTradeNo: outcome.outTradeNo }] },
    select: { id: true, orderId: true, amountFen: true },
  });
  // Its payment is not applied yet (notifications cross): the sweep tries again.
  if (!payment) throw new Error(`refund ${outcome.outRefundNo} for a payment not yet recorded`);
  const succeededAt = outcome.status === "SUCCESS" ? new Date(outcome.successTime ?? Date.now()) : null;
  return db().$transaction(async (tx) => {
    // A refund made outside LoopDesk (the merchant platform) is first heard of here.
    await tx.refund.createMany({
      data: [
        {
          outRefundNo: outcome.outRefundNo,
          refundId: outcome.refundId,
          amountFen: outcome.amountFen,
          paymentId: payment.id,
          orderId: payment.orderId,
          submittedAt: new Date(),
        },
      ],
      skipDuplicates: true,
    });
    const moved = await tx.refund.updateMany({
      where: { outRefundNo: outcome.outRefundNo, status: { in: ["PROCESSING", "ABNORMAL"] } },
      data: {
        status: outcome.status,
        succeededAt,
        ...(outcome.refundId ? { refundId: outcome.refundId } : {}),
        ...(outcome.failureReason ? { failureReason: outcome.failureReason } : {}),
      },
    });
    if (moved.count === 0) return null;
    if (outcome.status === "CLOSED") {
      const refund = await tx.refund.findUniqueOrThrow({
        where: { outRefundNo: outcome.outRefundNo },
        select: { id: true },
      });
      // A refund given as a remedy that WeChat Pay closed gave nothing: it leaves the budgets.
      await markRemedyFailed(tx, { refundId: refund.id });
      const inFlight = await tx.refund.count({
        where: { paymentId: payment.id, status: { in: ["PROCESSING", "ABNORMAL"] } },
      });
      if (inFlight === 0) {
        await tx.$executeRaw`
          UPDATE "Order" SET status = "statusBeforeRefund", "statusBeforeRefund" = NULL, "updatedAt" = now()
          WHERE id = ${payment.orderId} AND status = 'REFUNDING' AND "statusBeforeRefund" IS NOT NULL`;
      }
      return payment.orderId;
    }
    if (outcome.status !== "SUCCESS") return payment.orderId;
    const refunded = await tx.refund.aggregate({
      where: { paymentId: payment.id, status: "SUCCESS" },
      _sum: { amountFen: true },
    });
    const whole = (refunded._sum.amountFen ?? 0) >= payment.amountFen;
    const paymentStatus = whole ? "REFUNDED" : "PARTIALLY_REFUNDED";
    await tx.payment.update({ where: { id: payment.id }, data: { status: paymentStatus } });
    await tx.order.update({ where: { id: payment.orderId }, data: { paymentStatus } });
    await tx.customer.updateMany({
      where: { orders: { some: { id: payment.orderId } } },
      data: { lifetimeValueFen: { decrement: outcome.amountFen } },
    });
    const order = await tx.order.findUniqueOrThrow({ where: { id: payment.orderId }, select: { orderNo: true } });
    await emitWebhookEvents(prismaSql(tx), [
      {
        type: "refund.succeeded",
        subjectKey: `order:${payment.orderId}`,
        occurrence: outcome.outRefundNo,
        data: {
          orderNo: order.orderNo,
          outRefundNo: outcome.outRefundNo,
          refundId: outcome.refundId,
          amountFen: outcome.amountFen,
          wholeOrder: whole,
          succeededAt: succeededAt?.toISOString() ?? null,
        },
      },
    ]);
    if (whole) {
      await tx.order.updateMany({
        where: { id: payment.orderId, status: { in: [...ORDER_STATUS_FROM.REFUNDED] } },
        data: { status: "REFUNDED", statusBeforeRefund: null },
      });
    }
    return payment.orderId;
  });
}
