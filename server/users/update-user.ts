import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { canManageRole } from "../auth/permissions";
import { revokeUserSessions, type SessionUser } from "../auth/sessions";
import { db } from "../db/db";
import { AppError, localized } from "../errors";
import { refreshUserRooms } from "../realtime/refresh-user-rooms";
import { assertTeamsExist } from "../teams/assert-teams-exist";
import { toUserDto, userDtoSelect } from "./user-dto";

export const updateUserSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    role: z.enum(["AGENT", "SUPERVISOR", "ADMIN"]),
    capacity: z.number().int().min(0).max(100),
    skills: z.array(z.string().trim().min(1).max(40)).max(30),
    teamIds: z.array(z.string().min(1).max(64)).max(50),
    disabled: z.boolean(),
  })
  .partial();
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export async function updateUser(actor: SessionUser, userId: string, input: UpdateUserInput, ip: string | null) {
  const target = await db().user.findUnique({
    where: { id: userId },
    select: { id: true, role: true, teams: { select: { teamId: true } } },
  });
  if (!target) throw new AppError("NOT_FOUND", localized("error.userNotFound"));
  if (!canManageRole(actor.role, target.role) || (input.role && !canManageRole(actor.role, input.role))) {
    throw new AppError("FORBIDDEN", localized("error.cannotChangeUser"));
  }
  if (target.id === actor.id && (input.role !== undefined || input.disabled !== undefined)) {
    throw new AppError("FORBIDDEN", localized("error.cannotChangeOwnRole"));
  }
  if (input.teamIds) await assertTeamsExist(input.teamIds, "teamIds");
  const user = await db().$transaction(async (tx) => {
    if (input.teamIds) {
      await tx.teamMember.deleteMany({ where: { userId } });
      await tx.teamMember.createMany({ data: input.teamIds.map((teamId) => ({ teamId, userId })) });
    }
    return tx.user.update({
      where: { id: userId },
      data: {
        name: input.name,
        role: input.role,
        capacity: input.capacity,
        skills: input.skills,
        disabledAt: input.disabled === undefined ? undefined : input.disabled ? new Date() : null,
      },
      select: userDtoSelect,
    });
  });
  // A new role changes what the sessions may do: they sign in again. A new team set changes what
  // they may see: their open sockets follow it at once (the API reads memberships on each request).
  const endsSessions = input.disabled === true || (input.role !== undefined && input.role !== target.role);
  if (endsSessions) await revokeUserSessions(userId);
  else if (input.teamIds) {
    await refreshUserRooms(
      userId,
      target.teams.map((membership) => membership.teamId),
      input.teamIds,
    );
  }
  await recordAudit({
    action: "user.updated",
    actorId: actor.id,
    subjectType: "user",
    subjectId: userId,
    ip,
    details: { fields: Object.keys(input), endedSessions: endsSessions },
  });
  return toUserDto(user);
}
