import { createHash } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db/db";
import { AppError } from "../errors";
import { consumeRateLimit, resetRateLimit } from "../rate-limit/consume-rate-limit";
import { verifyAgainstDummy, verifyPassword } from "./password";
import { createSession } from "./sessions";

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  password: z.string().min(1).max(256),
});
export type SignInInput = z.infer<typeof signInSchema>;

const WINDOW_MS = 15 * 60_000;
/** Per email (known or not, so the limit itself reveals nothing) and per client address. */
const EMAIL_LIMIT = 10;
const IP_LIMIT = 50;

export type SignInOptions = SignInInput & { ip: string | null; userAgent: string | null; sessionTtlMs: number };

export async function signIn(options: SignInOptions) {
  const emailKey = `sign-in:email:${createHash("sha256").update(options.email).digest("hex")}`;
  const [byEmail, byIp] = await Promise.all([
    consumeRateLimit(emailKey, EMAIL_LIMIT, WINDOW_MS),
    consumeRateLimit(`sign-in:ip:${options.ip ?? "unknown"}`, IP_LIMIT, WINDOW_MS),
  ]);
  if (!byEmail.allowed || !byIp.allowed) {
    const retryAfter = Math.max(
      byEmail.allowed ? 0 : byEmail.retryAfterSeconds,
      byIp.allowed ? 0 : byIp.retryAfterSeconds,
    );
    throw new AppError("RATE_LIMITED", "尝试次数过多，请稍后再试 / Too many attempts, try again later", {
      headers: { "Retry-After": String(retryAfter) },
    });
  }

  const user = await db().user.findUnique({ where: { email: options.email } });
  if (!user || user.disabledAt) {
    await verifyAgainstDummy(options.password);
    throw new AppError("INVALID_CREDENTIALS", "邮箱或密码错误 / Wrong email or password");
  }
  if (!(await verifyPassword(user.passwordHash, options.password))) {
    await recordAudit({
      action: "auth.sign_in_failed",
      actorId: user.id,
      subjectType: "user",
      subjectId: user.id,
      ip: options.ip,
    });
    throw new AppError("INVALID_CREDENTIALS", "邮箱或密码错误 / Wrong email or password");
  }

  await resetRateLimit(emailKey);
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
