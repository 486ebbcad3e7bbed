import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db/db";
import { AppError, localized } from "../errors";
import { verifyAgainstDummy, verifyPassword } from "./password";
import { beginPasswordAttempt } from "./password-attempts";
import { createSession } from "./sessions";

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  password: z.string().min(1).max(256),
});
export type SignInInput = z.infer<typeof signInSchema>;

export type SignInOptions = SignInInput & { ip: string | null; userAgent: string | null; sessionTtlMs: number };

export async function signIn(options: SignInOptions) {
  const user = await db().user.findUnique({ where: { email: options.email } });
  const attempt = await beginPasswordAttempt({ email: options.email, ip: options.ip, userId: user?.id });
  if (!user || user.disabledAt) {
    await verifyAgainstDummy(options.password);
    throw new AppError("INVALID_CREDENTIALS", localized("error.wrongEmailOrPassword"));
  }
  if (!(await verifyPassword(user.passwordHash, options.password))) {
    await recordAudit({
      action: "auth.sign_in_failed",
      actorId: user.id,
      subjectType: "user",
      subjectId: user.id,
      ip: options.ip,
    });
    throw new AppError("INVALID_CREDENTIALS", localized("error.wrongEmailOrPassword"));
  }

  await attempt.succeeded();
  const session = await createSession({
    userId: user.id,
    ttlMs: options.sessionTtlMs,
    ip: options.ip,
    userAgent: options.userAgent,
  });
  await recordAudit({
    action: "auth.signed_in",
    actorId: user.id,
    subjectType: "user",
    subjectId: user.id,
    ip: options.ip,
  });
  return { ...session, user: { id: user.id, name: user.name, role: user.role } };
}
