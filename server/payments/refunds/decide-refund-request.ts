// A supervisor approves or declines a refund that was over its requester's limit, in one click. The
// decision is taken once (a second click, or a second supervisor, gets a conflict); an approved
// request becomes a refund exactly as if the requester had been within their limit.
import { z } from "zod";
import { recordAudit } from "../../audit/record-audit";
import type { SessionUser } from "../../auth/sessions";
import { db } from "../../db/db";
import { AppError, localized } from "../../errors";
import { assertWithinRefundable, createRefund, lockRefundable } from "./create-refund";
import { afterRefundDecided } from "./publish-refund";

export const refundDecisionSchema = z.object({
  approve: z.boolean(),
  note: z.string().trim().max(200).optional(),
});

export async function decideRefundRequest(
  user: SessionUser,
  requestId: string,
  input: z.infer<typeof refundDecisionSchema>,
  ip: string | null,
): Promise<{ status: "APPROVED" | "DECLINED"; outRefundNo: string | null }> {
  const request = await db().remedyRequest.findUnique({
    where: { id: requestId },
    select: {
      amountFen: true,
      reason: true,
      orderId: true,
      requestedById: true,
      order: {
        select: {
          orderNo: true,
          payments: {
            where: { status: { in: ["PAID", "PARTIALLY_REFUNDED"] } },
            select: { id: true, amountFen: true, orderId: true },
            take: 1,
          },
        },
      },
    },
  });
  if (!request) throw new AppError("NOT_FOUND", localized("error.refundRequestNotFound"));
  const status = input.approve ? "APPROVED" : "DECLINED";
  const refund = await db().$transaction(async (tx) => {
    const claimed = await tx.remedyRequest.updateMany({
      where: { id: requestId, status: "PENDING" },
      data: { status, decidedById: user.id, decidedAt: new Date(), decisionNote: input.note ?? null },
    });
    if (claimed.count === 0) throw new AppError("CONFLICT", localized("error.refundRequestDecided"));
    const details = { orderNo: request.order.orderNo, amountFen: request.amountFen, note: input.note ?? null };
    if (!input.approve) {
      await recordAudit(
        {
          action: "refund.declined",
          actorId: user.id,
          subjectType: "remedy_request",
          subjectId: requestId,
          ip,
          details,
        },
        tx,
      );
      return null;
    }
    const payment = request.order.payments[0];
    if (!payment) throw new AppError("CONFLICT", localized("error.refundOrderNotPaid"));
    // The request no longer counts as pending here: what is left is checked without it.
    assertWithinRefundable(request.amountFen, await lockRefundable(tx, payment));
    const created = await createRefund(tx, {
      payment,
      amountFen: request.amountFen,
      reason: request.reason,
      requestedById: request.requestedById,
      approvedById: user.id,
    });
    await tx.remedyRequest.update({ where: { id: requestId }, data: { refundId: created.id } });
    await recordAudit(
      { action: "refund.approved", actorId: user.id, subjectType: "refund", subjectId: created.id, ip, details },
      tx,
    );
    return created;
  });
  await afterRefundDecided(request.orderId, refund ? { refundId: refund.id } : {});
  return { status, outRefundNo: refund?.outRefundNo ?? null };
}
