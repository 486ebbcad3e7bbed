// Seeds unique rows for one test, so tests never share fixtures and can run in parallel.
import { randomBytes } from "node:crypto";
import { hashPassword } from "../auth/password";
import { createSession, type SessionUser } from "../auth/sessions";
import { db } from "../db/db";
import type { Role } from "../generated/prisma/enums";

const unique = () => randomBytes(4).toString("hex");
export const TEST_PASSWORD = "correct horse battery";
let passwordHash: Promise<string> | undefined;

export async function seedUser(options: { role?: Role; teamIds?: string[]; name?: string } = {}) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const id = unique();
  return db().user.create({
    data: {
      email: `user-${id}@loopdesk.test`,
      name: options.name ?? `User ${id}`,
      role: options.role ?? "AGENT",
      passwordHash: await passwordHash,
      teams: { create: (options.teamIds ?? []).map((teamId) => ({ teamId })) },
    },
  });
}

export async function seedTeam(options: { isPrivate?: boolean } = {}) {
  return db().team.create({ data: { name: `Team ${unique()}`, isPrivate: options.isPrivate ?? false } });
}

/** A signed-in user: the row, a session cookie token and the SessionUser routes would see. */
export async function seedSignedInUser(options: { role?: Role; teamIds?: string[] } = {}) {
  const user = await seedUser(options);
  const session = await createSession({ userId: user.id, ttlMs: 3600_000 });
  const sessionUser: SessionUser = {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: user.locale,
    sessionId: session.sessionId,
    teamIds: options.teamIds ?? [],
  };
  return { user, token: session.token, sessionUser };
}

export async function seedConversation(options: { teamId?: string | null; assigneeId?: string | null } = {}) {
  const id = unique();
  const channel = await db().channelAccount.create({
    data: { kind: "WECOM_KF", name: `kf ${id}`, appId: `ww${id}`, openKfId: `wk${id}` },
  });
  const customer = await db().customer.create({ data: { name: `客户 ${id}` } });
  return db().conversation.create({
    data: {
      customerId: customer.id,
      channelAccountId: channel.id,
      teamId: options.teamId ?? null,
      assigneeId: options.assigneeId ?? null,
      status: "QUEUED",
    },
  });
}
