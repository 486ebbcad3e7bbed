// The approval list: remedies waiting for a supervisor (oldest first), or recently decided ones.
// What a remedy became is shown beside its anomaly (remedy-summary.ts), not here.
import { z } from "zod";
import { db } from "../db/db";
import type { Prisma } from "../generated/prisma/client";

export const listRemediesSchema = z.object({
  status: z.enum(["PENDING", "APPROVED", "DECLINED"]).default("PENDING"),
});

const remedySelect = {
  id: true,
  createdAt: true,
  kind: true,
  status: true,
  costFen: true,
  reason: true,
  overLimit: true,
  decidedAt: true,
  decisionNote: true,
  requestedBy: { select: { id: true, name: true } },
  decidedBy: { select: { id: true, name: true } },
  customer: { select: { id: true, name: true } },
  order: { select: { orderNo: true, totalFen: true } },
  couponStock: { select: { name: true } },
} as const satisfies Prisma.RemedySelect;

export async function listRemedies(input: z.infer<typeof listRemediesSchema>) {
  const rows = await db().remedy.findMany({
    where: { status: input.status },
    orderBy: input.status === "PENDING" ? { createdAt: "asc" } : { decidedAt: "desc" },
    take: 100,
    select: remedySelect,
  });
  return rows.map((row) => ({
    ...row,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  }));
}
export type RemedyDto = Awaited<ReturnType<typeof listRemedies>>[number];
