// How much money each role gives back on its own (Settings → 退款额度). Above a limit a remedy becomes
// a request a supervisor approves. A role without a row has the defaults below: agents are capped,
// supervisors and admins are not.
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/sessions";
import { db } from "../db/db";
import type { Role } from "../generated/prisma/enums";

export type RemedyLimits = { perRefundFen: number | null; perDayFen: number | null };

export const DEFAULT_REMEDY_LIMITS: Record<Role, RemedyLimits> = {
  AGENT: { perRefundFen: 200_00, perDayFen: 1_000_00 },
  SUPERVISOR: { perRefundFen: null, perDayFen: null },
  ADMIN: { perRefundFen: null, perDayFen: null },
};

const ROLES = ["AGENT", "SUPERVISOR", "ADMIN"] as const satisfies readonly Role[];

const fen = z.number().int().min(0).max(100_000_000).nullable();
export const remedyLimitsSchema = z.object({
  limits: z
    .array(z.object({ role: z.enum(ROLES), perRefundFen: fen, perDayFen: fen }))
    .min(1)
    .max(ROLES.length),
});

export async function getRemedyLimits(): Promise<Record<Role, RemedyLimits>> {
  const rows = await db().remedyLimit.findMany();
  const limits = { ...DEFAULT_REMEDY_LIMITS };
  for (const row of rows) limits[row.role] = { perRefundFen: row.perRefundFen, perDayFen: row.perDayFen };
  return limits;
}

export async function limitsFor(role: Role): Promise<RemedyLimits> {
  const row = await db().remedyLimit.findUnique({ where: { role } });
  return row ? { perRefundFen: row.perRefundFen, perDayFen: row.perDayFen } : DEFAULT_REMEDY_LIMITS[role];
}

export async function setRemedyLimits(
  actor: SessionUser,
  input: z.infer<typeof remedyLimitsSchema>,
  ip: string | null,
): Promise<Record<Role, RemedyLimits>> {
  await db().$transaction(async (tx) => {
    for (const limit of input.limits) {
      const values = { perRefundFen: limit.perRefundFen, perDayFen: limit.perDayFen, updatedById: actor.id };
      await tx.remedyLimit.upsert({
        where: { role: limit.role },
        create: { role: limit.role, ...values },
        update: values,
      });
    }
    await recordAudit(
      {
        action: "remedy.limits_changed",
        actorId: actor.id,
        subjectType: "remedy_limit",
        subjectId: "refund",
        ip,
        details: input,
      },
      tx,
    );
  });
  return getRemedyLimits();
}

export type OverLimit = "per_remedy" | "per_day";

/** Which limit a remedy of `amountFen` is over, given what the user already spent today; null when within. */
export function overLimit(limits: RemedyLimits, amountFen: number, spentTodayFen: number): OverLimit | null {
  if (limits.perRefundFen !== null && amountFen > limits.perRefundFen) return "per_remedy";
  if (limits.perDayFen !== null && spentTodayFen + amountFen > limits.perDayFen) return "per_day";
  return null;
}
