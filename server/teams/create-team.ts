import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/sessions";
import { db } from "../db/db";
import { AppError, localized } from "../errors";

export const createTeamSchema = z.object({
  name: z.string().trim().min(1).max(60),
  isPrivate: z.boolean().default(false),
  skills: z.array(z.string().trim().min(1).max(40)).max(30).default([]),
});
export type CreateTeamInput = z.infer<typeof createTeamSchema>;

export async function createTeam(actor: SessionUser, input: CreateTeamInput, ip: string | null) {
  if (await db().team.findUnique({ where: { name: input.name }, select: { id: true } })) {
    throw new AppError("CONFLICT", localized("error.teamNameTaken"));
  }
  const team = await db().team.create({ data: input });
  await recordAudit({ action: "team.created", actorId: actor.id, subjectType: "team", subjectId: team.id, ip });
  return { id: team.id, name: team.name, isPrivate: team.isPrivate, skills: team.skills, memberCount: 0 };
}
