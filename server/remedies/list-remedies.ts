// Remedies as the console lists them: those waiting for a supervisor (oldest first), or those of one
// customer or anomaly (newest first), with what each became.
import { z } from "zod";
import { can } from "../auth/permissions";
import type { SessionUser } from "../auth/sessions";
import { visibleConversationsFilter } from "../conversations/visible-conversations-filter";
import { db } from "../db/db";
import { AppError, localized } from "../errors";
import type { Prisma } from "../generated/prisma/client";

export const listRemediesSchema = z.object({
  status: z.enum(["PENDING", "GIVEN", "APPROVED", "DECLINED"]).optional(),
  customerId: z.string().min(1).max(64).optional(),
  anomalyId: z.string().min(1).max(64).optional(),
});

const remedySelect = {
  id: true,
  createdAt: true,
  kind: true,
  status: true,
  costFen: true,
  reason: true,
  overLimit: true,
  failedAt: true,
  decidedAt: true,
  decisionNote: true,
  anomalyId: true,
  conversationId: true,
  requestedBy: { select: { id: true, name: true } },
  decidedBy: { select: { id: true, name: true } },
  customer: { select: { id: true, name: true } },
  order: { select: { orderNo: true, totalFen: true } },
  couponStock: { select: { name: true } },
  refund: { select: { outRefundNo: true, status: true, failureReason: true } },
  reship: {
    select: {
      waybillOrderId: true,
      status: true,
      failureReason: true,
      shipment: { select: { carrier: true, trackingNo: true } },
    },
  },
  couponGrant: { select: { status: true, couponId: true, failureReason: true } },
} as const satisfies Prisma.RemedySelect;

export async function listRemedies(user: SessionUser, input: z.infer<typeof listRemediesSchema>) {
  const forOne = input.customerId || input.anomalyId;
  // The approval list is for those who approve; a customer's or an anomaly's remedies for whoever sees them.
  if (!forOne && !can(user.role, "remedies.approve"))
    throw new AppError("FORBIDDEN", localized("error.remediesApproversOnly"));
  const where: Prisma.RemedyWhereInput = {
    ...(input.status ? { status: input.status } : {}),
    ...(input.customerId ? { customerId: input.customerId } : {}),
    ...(input.anomalyId ? { anomalyId: input.anomalyId } : {}),
    ...(forOne && !can(user.role, "conversations.view_private")
      ? { customer: { conversations: { some: visibleConversationsFilter(user) } } }
      : {}),
  };
  const rows = await db().remedy.findMany({
    where,
    orderBy: { createdAt: input.status === "PENDING" && !forOne ? "asc" : "desc" },
    take: 100,
    select: remedySelect,
  });
  return rows.map((row) => ({
    ...row,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    failedAt: row.failedAt?.toISOString() ?? null,
  }));
}
export type RemedyDto = Awaited<ReturnType<typeof listRemedies>>[number];
