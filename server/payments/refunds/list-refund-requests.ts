// Refunds waiting for a supervisor (or recently decided), oldest first: what the approval list shows.
import { z } from "zod";
import { db } from "../../db/db";

export const listRefundRequestsSchema = z.object({
  status: z.enum(["PENDING", "APPROVED", "DECLINED"]).default("PENDING"),
});

export async function listRefundRequests(input: z.infer<typeof listRefundRequestsSchema>) {
  const requests = await db().remedyRequest.findMany({
    where: { kind: "REFUND", status: input.status },
    orderBy: input.status === "PENDING" ? { createdAt: "asc" } : { decidedAt: "desc" },
    take: 100,
    select: {
      id: true,
      createdAt: true,
      status: true,
      amountFen: true,
      reason: true,
      overLimit: true,
      decidedAt: true,
      decisionNote: true,
      requestedBy: { select: { id: true, name: true } },
      decidedBy: { select: { id: true, name: true } },
      order: { select: { orderNo: true, totalFen: true, customer: { select: { id: true, name: true } } } },
    },
  });
  return requests.map((request) => ({
    ...request,
    createdAt: request.createdAt.toISOString(),
    decidedAt: request.decidedAt?.toISOString() ?? null,
  }));
}
export type RefundRequestDto = Awaited<ReturnType<typeof listRefundRequests>>[number];
