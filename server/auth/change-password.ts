import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db/db";
import { AppError, localized } from "../errors";
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "./password";
import { beginPasswordAttempt } from "./password-attempts";
import { revokeUserSessions, type SessionUser } from "./sessions";

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(MIN_PASSWORD_LENGTH).max(256),
});
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

/** Changes the signed-in user's password and ends every other session they have. */
export async function changePassword(user: SessionUser, input: ChangePasswordInput, ip: string | null) {
  const record = await db().user.findUniqueOrThrow({ where: { id: user.id } });
  const attempt = await beginPasswordAttempt({ email: record.email, ip, userId: record.id });
  if (!(await verifyPassword(record.passwordHash, input.currentPassword))) {
    throw new AppError("INVALID_CREDENTIALS", localized("error.currentPasswordIsWrong"));
  }
  await attempt.succeeded();
  if (input.currentPassword === input.newPassword) {
    throw new AppError("INVALID_INPUT", localized("error.newPasswordSameAsCurrent"));
  }
  await db().user.update({
    where: { id: user.id },
    data: { passwordHash: await hashPassword(input.newPassword), passwordChangedAt: new Date() },
  });
  const endedSessions = await revokeUserSessions(user.id, { exceptSessionId: user.sessionId });
  await recordAudit({
    action: "auth.password_changed",
    actorId: user.id,
    subjectType: "user",
    subjectId: user.id,
    ip,
    details: { endedSessions },
  });
  return { endedSessions };
}
