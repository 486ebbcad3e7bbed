import { hashPassword } from "../auth/password";
import { db } from "../db/db";
import { createLogger } from "../logger";

const log = createLogger("bootstrap");

/** On a new install, creates the first admin from LOOPDESK_ADMIN_EMAIL / LOOPDESK_ADMIN_PASSWORD. */
export async function bootstrapAdmin(admin: { email: string; password: string } | undefined): Promise<void> {
  if (await db().user.findFirst({ where: { role: "ADMIN" }, select: { id: true } })) return;
  if (!admin) {
    log.warn("no admin exists yet: set LOOPDESK_ADMIN_EMAIL and LOOPDESK_ADMIN_PASSWORD and restart");
    return;
  }
  await db().user.create({
    data: {
      email: admin.email.toLowerCase(),
      name: "Admin",
      role: "ADMIN",
      passwordHash: await hashPassword(admin.password),
    },
  });
  log.info({ email: admin.email }, "first admin created");
}
