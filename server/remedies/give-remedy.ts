// An agent gives a remedy from an anomaly or a conversation: a refund, a reshipment or a coupon.
// Within every cap of their role (remedy-limits.ts) it is carried out at once; over one it becomes a
// request a supervisor approves or declines (decide-remedy.ts). Either way it is one Remedy row
// with its cost, in the audit log, and on the anomaly's remedy cost once given.
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/sessions";
import { db } from "../db/db";
import type { Prisma } from "../generated/prisma/client";
import { startOfChinaDay } from "../time/china-time";
import type { RemedyLink, StoredRemedy } from "./kinds/remedy-kind";
import { publishRemedyChange } from "./publish-remedies";
import { planRemedy, REMEDY_KINDS } from "./remedy-kinds";
import { limitsFor, type OverLimit, overLimit } from "./remedy-limits";
import { remedyTargetSchema, resolveRemedyTarget } from "./remedy-target";

const reason = z.string().trim().min(1).max(200);

export const giveRemedySchema = z.discriminatedUnion("kind", [
  remedyTargetSchema.extend({ kind: z.literal("REFUND"), amountFen: z.number().int().min(1).max(100_000_000), reason }),
  remedyTargetSchema.extend({ kind: z.literal("RESHIP"), reason }),
  remedyTargetSchema.extend({ kind: z.literal("COUPON"), couponStockId: z.string().min(1).max(64), reason }),
]);
export type GiveRemedyInput = z.infer<typeof giveRemedySchema>;

export type RemedyDecision =
  | { state: "given"; remedyId: string }
  | { state: "pending_approval"; remedyId: string; overLimit: OverLimit };

/** What this user, and the whole brand, gave today (China's day) in remedies that still stand. */
async function spentToday(tx: Prisma.TransactionClient, userId: string, now: Date) {
  const [row] = await tx.$queryRaw<{ user: bigint | null; brand: bigint | null }[]>`
    SELECT sum("costFen") FILTER (WHERE "requestedById" = ${userId} AND status = 'GIVEN') AS user,
           sum("costFen") AS brand
    FROM "Remedy"
    WHERE "createdAt" >= ${startOfChinaDay(now)} AND status IN ('GIVEN', 'APPROVED') AND "failedAt" IS NULL`;
  return { user: Number(row?.user ?? 0), brand: Number(row?.brand ?? 0) };
}

/** The remedy's cost on its anomaly, and the link to what it became: in the transaction that gives it. */
export async function recordCarriedOut(tx: Prisma.TransactionClient, remedy: StoredRemedy, link: RemedyLink) {
  await tx.remedy.update({ where: { id: remedy.id }, data: link });
  if (remedy.anomalyId) {
    await tx.anomaly.update({
      where: { id: remedy.anomalyId },
      data: { remedyCostFen: { increment: remedy.costFen } },
    });
  }
}

export async function giveRemedy(
  user: SessionUser,
  input: GiveRemedyInput,
  ip: string | null,
  now = new Date(),
): Promise<RemedyDecision> {
  const target = await resolveRemedyTarget(user, input);
  const handler = REMEDY_KINDS[input.kind];
  const plan = await planRemedy(target, input);
  const limits = await limitsFor(user.role);
  const carryOut = await handler.prepare({
    customerId: target.customerId,
    orderId: target.order?.id ?? null,
    conversationId: target.conversationId,
    anomalyId: target.anomalyId,
    couponStockId: plan.couponStockId,
  });
  const { decision, link } = await db().$transaction(async (tx) => {
    // Remedy decisions one at a time: two at once must not both fit under a daily budget.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('remedy-budget'))`;
    const spent = await spentToday(tx, user.id, now);
    const over = overLimit(limits, {
      costFen: plan.costFen,
      orderValueFen: plan.shareOfOrder ? (target.order?.totalFen ?? null) : null,
      userSpentTodayFen: spent.user,
      brandSpentTodayFen: spent.brand,
    });
    const remedy = await tx.remedy.create({
      data: {
        kind: input.kind,
        status: over ? "PENDING" : "GIVEN",
        costFen: plan.costFen,
        reason: input.reason,
        overLimit: over,
        customerId: target.customerId,
        orderId: target.order?.id ?? null,
        anomalyId: target.anomalyId,
        conversationId: target.conversationId,
        couponStockId: plan.couponStockId,
        requestedById: user.id,
      },
    });
    const details = {
      kind: input.kind,
      costFen: plan.costFen,
      reason: input.reason,
      orderNo: target.order?.orderNo ?? null,
      anomalyId: target.anomalyId,
      ...(over ? { overLimit: over } : {}),
    };
    const audit = { actorId: user.id, subjectType: "remedy", subjectId: remedy.id, ip, details };
    if (over) {
      await recordAudit({ action: "remedy.requested", ...audit }, tx);
      return {
        decision: { state: "pending_approval", remedyId: remedy.id, overLimit: over } as const,
        link: null,
      };
    }
    const carried = await carryOut(tx, remedy, null);
    await recordCarriedOut(tx, remedy, carried);
    await recordAudit({ action: "remedy.given", ...audit }, tx);
    return { decision: { state: "given", remedyId: remedy.id } as const, link: carried };
  });
  if (link) await handler.afterCommit(link);
  await publishRemedyChange({
    customerId: target.customerId,
    orderId: target.order?.id ?? null,
    anomalyId: target.anomalyId,
  });
  return decision;
}
