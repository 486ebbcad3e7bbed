// What an agent does with an anomaly in the queue: claim it, hand it to someone, snooze it, or
// resolve it with what was done. Each is audited and told to every open queue.
import { z } from "zod";
import { recordAudit } from "../../audit/record-audit";
import { can } from "../../auth/permissions";
import type { SessionUser } from "../../auth/sessions";
import { db } from "../../db/db";
import { prismaSql } from "../../db/prisma-sql";
import { AppError, localized } from "../../errors";
import type { Prisma } from "../../generated/prisma/client";
import { recordAnomalyChanges } from "../anomaly-events";
import { publishAnomalyChanges } from "../publish-anomalies";
import { getAnomaly } from "./list-anomalies";
import { visibleAnomaliesFilter } from "./visible-anomalies";

export const workAnomalySchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("claim") }),
  z.object({ action: z.literal("assign"), userId: z.string().min(1).max(64).nullable() }),
  z.object({ action: z.literal("snooze"), until: z.iso.datetime({ offset: true }) }),
  z.object({ action: z.literal("resolve"), resolution: z.string().trim().min(1).max(500) }),
]);

export type WorkAnomalyInput = z.infer<typeof workAnomalySchema>;

function changeOf(
  input: WorkAnomalyInput,
  user: SessionUser,
  now: Date,
): Prisma.AnomalyUpdateManyMutationInput & {
  assigneeId?: string | null;
  resolvedById?: string;
} {
  switch (input.action) {
    case "claim":
      return { assigneeId: user.id, acknowledgedAt: now };
    case "assign":
      return { assigneeId: input.userId };
    case "snooze":
      return { snoozedUntil: new Date(input.until) };
    case "resolve":
      return {
        status: "RESOLVED",
        openKey: null,
        resolvedAt: now,
        resolvedById: user.id,
        resolution: input.resolution,
      };
  }
}

export async function workAnomaly(user: SessionUser, id: string, input: WorkAnomalyInput, ip: string | null) {
  // Handing an anomaly to someone else is a supervisor's call; taking it is anyone's.
  if (input.action === "assign" && input.userId !== user.id && !can(user.role, "conversations.reassign")) {
    throw new AppError("FORBIDDEN", localized("error.notAllowed"));
  }
  if (input.action === "assign" && input.userId) {
    const assignee = await db().user.findFirst({ where: { id: input.userId, disabledAt: null }, select: { id: true } });
    if (!assignee) throw new AppError("NOT_FOUND", localized("error.userNotFound"));
  }
  const now = new Date();
  const updated = await db().$transaction(async (tx) => {
    // Guarded on its state: a resolved anomaly is not worked again, and a concurrent resolve wins once.
    const { count } = await tx.anomaly.updateMany({
      where: { AND: [{ id, status: { not: "RESOLVED" } }, visibleAnomaliesFilter(user)] },
      data: changeOf(input, user, now),
    });
    if (count === 0) {
      const exists = await tx.anomaly.findFirst({ where: { AND: [{ id }, visibleAnomaliesFilter(user)] } });
      throw exists
        ? new AppError("CONFLICT", localized("error.anomalyResolved"))
        : new AppError("NOT_FOUND", localized("error.anomalyNotFound"));
    }
    await recordAudit(
      {
        action: `anomaly.${input.action === "resolve" ? "resolved" : input.action === "snooze" ? "snoozed" : input.action === "claim" ? "claimed" : "assigned"}`,
        actorId: user.id,
        subjectType: "anomaly",
        subjectId: id,
        ip,
        details: input,
      },
      tx,
    );
    const changed = await tx.anomaly.findUniqueOrThrow({
      where: { id },
      select: {
        id: true,
        type: true,
        severity: true,
        subjectType: true,
        subjectId: true,
        orderId: true,
        customerId: true,
        conversationId: true,
        details: true,
        resolution: true,
      },
    });
    if (input.action === "resolve") await recordAnomalyChanges(prismaSql(tx), { opened: [], resolved: [changed] });
    return changed;
  });
  const change = [updated];
  publishAnomalyChanges(
    input.action === "resolve"
      ? { opened: [], resolved: change, updated: [] }
      : { opened: [], resolved: [], updated: change },
  );
  return getAnomaly(user, id);
}
