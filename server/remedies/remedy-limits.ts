// What each role gives on its own (Settings → 补偿额度): the cost of one remedy, its share of the
// order's value, what one user gives per day, and how far the brand's whole day may have gone.
// Above any of them a remedy becomes a request a supervisor approves. A role without a row has the
// defaults below: agents are capped, supervisors and admins are not.
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/sessions";
import { db } from "../db/db";
import type { Role } from "../generated/prisma/enums";

export type RemedyLimits = {
  perRemedyFen: number | null;
  maxOrderSharePct: number | null;
  perDayFen: number | null;
  brandPerDayFen: number | null;
};

export const DEFAULT_REMEDY_LIMITS: Record<Role, RemedyLimits> = {
  AGENT: { perRemedyFen: 200_00, maxOrderSharePct: null, perDayFen: 1_000_00, brandPerDayFen: null },
  SUPERVISOR: { perRemedyFen: null, maxOrderSharePct: null, perDayFen: null, brandPerDayFen: null },
  ADMIN: { perRemedyFen: null, maxOrderSharePct: null, perDayFen: null, brandPerDayFen: null },
};

const ROLES = ["AGENT", "SUPERVISOR", "ADMIN"] as const satisfies readonly Role[];

const fen = z.number().int().min(0).max(100_000_000).nullable();
export const remedyLimitsSchema = z.object({
  limits: z
    .array(
      z.object({
        role: z.enum(ROLES),
        perRemedyFen: fen,
        maxOrderSharePct: z.number().int().min(0).max(100).nullable(),
        perDayFen: fen,
        brandPerDayFen: fen,
      }),
    )
    .min(1)
    .max(ROLES.length),
});

function limitsOf(row: RemedyLimits): RemedyLimits {
  return {
    perRemedyFen: row.perRemedyFen,
    maxOrderSharePct: row.maxOrderSharePct,
    perDayFen: row.perDayFen,
    brandPerDayFen: row.brandPerDayFen,
  };
}

export async function getRemedyLimits(): Promise<Record<Role, RemedyLimits>> {
  const rows = await db().remedyLimit.findMany();
  const limits = { ...DEFAULT_REMEDY_LIMITS };
  for (const row of rows) limits[row.role] = limitsOf(row);
  return limits;
}

export async function limitsFor(role: Role): Promise<RemedyLimits> {
  const row = await db().remedyLimit.findUnique({ where: { role } });
  return row ? limitsOf(row) : DEFAULT_REMEDY_LIMITS[role];
}

export async function setRemedyLimits(
  actor: SessionUser,
  input: z.infer<typeof remedyLimitsSchema>,
  ip: string | null,
): Promise<Record<Role, RemedyLimits>> {
  await db().$transaction(async (tx) => {
    for (const { role, ...limits } of input.limits) {
      const values = { ...limits, updatedById: actor.id };
      await tx.remedyLimit.upsert({ where: { role }, create: { role, ...values }, update: values });
    }
    await recordAudit(
      {
        action: "remedy.limits_changed",
        actorId: actor.id,
        subjectType: "remedy_limit",
        subjectId: "remedies",
        ip,
        details: input,
      },
      tx,
    );
  });
  return getRemedyLimits();
}

export type OverLimit = "per_remedy" | "order_share" | "per_day" | "brand_per_day";

export type RemedyCost = {
  costFen: number;
  /** The order's value when the cap on its share applies (refunds and coupons for an order); else null. */
  orderValueFen: number | null;
  /** What this user and the whole brand gave today, before this remedy. */
  userSpentTodayFen: number;
  brandSpentTodayFen: number;
};

/** The first cap a remedy is over, in the order a supervisor would explain it; null when within all. */
export function overLimit(limits: RemedyLimits, remedy: RemedyCost): OverLimit | null {
  if (limits.perRemedyFen !== null && remedy.costFen > limits.perRemedyFen) return "per_remedy";
  if (
    limits.maxOrderSharePct !== null &&
    remedy.orderValueFen !== null &&
    remedy.costFen * 100 > remedy.orderValueFen * limits.maxOrderSharePct
  ) {
    return "order_share";
  }
  if (limits.perDayFen !== null && remedy.userSpentTodayFen + remedy.costFen > limits.perDayFen) return "per_day";
  if (limits.brandPerDayFen !== null && remedy.brandSpentTodayFen + remedy.costFen > limits.brandPerDayFen) {
    return "brand_per_day";
  }
  return null;
}
