// An agent refunds from the order beside the chat. Within the limits of their role (per refund and
// per day) the refund is written and submitted at once; above them it becomes a request that a
// supervisor approves or declines (decide-refund-request.ts). Either way it is in the audit log.
import { z } from "zod";
import { recordAudit } from "../../audit/record-audit";
import type { SessionUser } from "../../auth/sessions";
import { visibleOrdersFilter } from "../../commerce/orders/visible-orders";
import { db } from "../../db/db";
import { AppError, localized } from "../../errors";
import { limitsFor, type OverLimit, overLimit } from "../../remedies/remedy-limits";
import { startOfChinaDay } from "../../time/china-time";
import { merchantOf } from "../wechatpay/merchant";
import { assertWithinRefundable, createRefund, lockRefundable } from "./create-refund";
import { afterRefundDecided } from "./publish-refund";

export const refundInputSchema = z.object({
  amountFen: z.number().int().min(1).max(100_000_000),
  // WeChat Pay shows the reason to the customer and takes at most 80 characters.
  reason: z.string().trim().min(1).max(80),
});
export type RefundInput = z.infer<typeof refundInputSchema>;

export type RefundDecision =
  | { state: "submitted"; outRefundNo: string }
  | { state: "pending_approval"; requestId: string; overLimit: OverLimit };

/** The order's WeChat Pay payment that can still be refunded, if this user may see the order. */
async function findRefundablePayment(user: SessionUser, orderNo: string) {
  const order = await db().order.findFirst({
    where: { AND: [{ orderNo }, visibleOrdersFilter(user)] },
    select: {
      id: true,
      payments: {
        where: { status: { in: ["PAID", "PARTIALLY_REFUNDED"] } },
        select: { id: true, amountFen: true, orderId: true, mchId: true },
        take: 1,
      },
    },
  });
  if (!order) throw new AppError("NOT_FOUND", localized("error.orderNotFound"));
  const payment = order.payments[0];
  if (!payment) throw new AppError("CONFLICT", localized("error.refundOrderNotPaid"));
  // Refunded by the merchant that was paid, which must be able to sign requests.
  if (!(await merchantOf(payment.mchId))?.signer) {
    throw new AppError("UNAVAILABLE", localized("error.wechatPayNotConfigured"));
  }
  return payment;
}

export async function requestRefund(
  user: SessionUser,
  orderNo: string,
  input: RefundInput,
  ip: string | null,
  now = new Date(),
): Promise<RefundDecision> {
  const payment = await findRefundablePayment(user, orderNo);
  const limits = await limitsFor(user.role);
  const decision = await db().$transaction(async (tx): Promise<RefundDecision & { id: string }> => {
    assertWithinRefundable(input.amountFen, await lockRefundable(tx, payment));
    // One refund decision per user at a time: two at once must not both fit under the daily limit.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`refund-limit:${user.id}`}))`;
    const spent = await tx.refund.aggregate({
      where: {
        requestedById: user.id,
        approvedById: null,
        status: { not: "CLOSED" },
        // Daily limits reset at midnight in China.
        createdAt: { gte: startOfChinaDay(now) },
      },
      _sum: { amountFen: true },
    });
    const over = overLimit(limits, input.amountFen, spent._sum.amountFen ?? 0);
    const details = { orderNo, amountFen: input.amountFen, reason: input.reason, ...(over ? { overLimit: over } : {}) };
    if (over) {
      const request = await tx.remedyRequest.create({
        data: {
          kind: "REFUND",
          amountFen: input.amountFen,
          reason: input.reason,
          overLimit: over,
          orderId: payment.orderId,
          requestedById: user.id,
        },
        select: { id: true },
      });
      await recordAudit(
        {
          action: "refund.requested",
          actorId: user.id,
          subjectType: "remedy_request",
          subjectId: request.id,
          ip,
          details,
        },
        tx,
      );
      return { state: "pending_approval", requestId: request.id, overLimit: over, id: request.id };
    }
    const refund = await createRefund(
      tx,
      { payment, amountFen: input.amountFen, reason: input.reason, requestedById: user.id },
      now,
    );
    await recordAudit(
      { action: "refund.created", actorId: user.id, subjectType: "refund", subjectId: refund.id, ip, details },
      tx,
    );
    return { state: "submitted", outRefundNo: refund.outRefundNo, id: refund.id };
  });
  await afterRefundDecided(payment.orderId, decision.state === "submitted" ? { refundId: decision.id } : {});
  const { id: _id, ...answer } = decision;
  return answer;
}
