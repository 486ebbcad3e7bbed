// Which team takes each intent's conversations (Settings → Teams). Triage moves a waiting,
// unassigned conversation to its intent's team (server/ai/triage/triage-arrivals.ts) unless a person
// chose its team; an intent without a route stays with the channel's team.
import { z } from "zod";
import { INTENTS } from "../ai/triage/intent-model";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/sessions";
import { db } from "../db/db";
import { assertTeamsExist } from "../teams/assert-teams-exist";

export const intentRoutesSchema = z.object({
  /** Every intent's team; null or absent: no route (the channel's team). */
  routes: z.partialRecord(z.enum(INTENTS), z.string().min(1).max(64).nullable()),
});

export async function listIntentRoutes(): Promise<Record<string, string>> {
  const rows = await db().intentRoute.findMany({ select: { intent: true, teamId: true } });
  return Object.fromEntries(rows.map((row) => [row.intent, row.teamId]));
}

/** Replaces the routes with these. */
export async function setIntentRoutes(
  actor: SessionUser,
  input: z.infer<typeof intentRoutesSchema>,
  ip: string | null,
): Promise<Record<string, string>> {
  const routes = Object.entries(input.routes).flatMap(([intent, teamId]) => (teamId ? [{ intent, teamId }] : []));
  await assertTeamsExist(
    routes.map((route) => route.teamId),
    "routes",
  );
  await db().$transaction(async (tx) => {
    await tx.intentRoute.deleteMany({});
    await tx.intentRoute.createMany({ data: routes });
    await recordAudit(
      {
        action: "routing.intent_routes_changed",
        actorId: actor.id,
        subjectType: "intent_routes",
        subjectId: "all",
        ip,
        details: Object.fromEntries(routes.map((route) => [route.intent, route.teamId])),
      },
      tx,
    );
  });
  return listIntentRoutes();
}
