import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../auth/password";
import { canManageRole } from "../auth/permissions";
import type { SessionUser } from "../auth/sessions";
import { db } from "../db/db";
import { AppError, localized } from "../errors";
import { assertTeamsExist } from "../teams/assert-teams-exist";
import { toUserDto, userDtoSelect } from "./user-dto";

export const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  name: z.string().trim().min(1).max(80),
  role: z.enum(["AGENT", "SUPERVISOR", "ADMIN"]),
  password: z.string().min(MIN_PASSWORD_LENGTH).max(256),
  capacity: z.number().int().min(0).max(100).default(5),
  teamIds: z.array(z.string().min(1).max(64)).max(50).default([]),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export async function createUser(actor: SessionUser, input: CreateUserInput, ip: string | null) {
  if (!canManageRole(actor.role, input.role)) {
    throw new AppError("FORBIDDEN", localized("error.cannotCreateRole"));
  }
  const existing = await db().user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", localized("error.emailInUse"));
  await assertTeamsExist(input.teamIds, "teamIds");
  const user = await db().user.create({
    data: {
      email: input.email,
      name: input.name,
      role: input.role,
      capacity: input.capacity,
      passwordHash: await hashPassword(input.password),
      teams: { create: input.teamIds.map((teamId) => ({ teamId })) },
    },
    select: userDtoSelect,
  });
  await recordAudit({
    action: "user.created",
    actorId: actor.id,
    subjectType: "user",
    subjectId: user.id,
    ip,
    details: { role: input.role },
  });
  return toUserDto(user);
}
