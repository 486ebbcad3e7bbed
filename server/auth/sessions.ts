import { createHash, randomBytes } from "node:crypto";
import { db } from "../db/db";
import type { Role } from "../generated/prisma/enums";
import { disconnectSessions } from "../realtime/disconnect-sessions";

/** Who is signed in, as every route and socket sees it. */
export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: string;
  sessionId: string;
  teamIds: string[];
};

// Writing lastSeenAt on every request would turn each read into a write; once in a while is enough.
const TOUCH_INTERVAL_MS = 5 * 60_000;

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type CreateSessionOptions = { userId: string; ttlMs: number; ip?: string | null; userAgent?: string | null };

export async function createSession(options: CreateSessionOptions) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + options.ttlMs);
  const session = await db().session.create({
    data: {
      tokenHash: hashSessionToken(token),
      userId: options.userId,
      expiresAt,
      ip: options.ip ?? null,
      userAgent: options.userAgent?.slice(0, 512) ?? null,
    },
  });
  return { token, expiresAt, sessionId: session.id };
}

/** The signed-in user behind a cookie token, or null when the session is unknown, expired or disabled. */
export async function findSessionUser(token: string | undefined): Promise<SessionUser | null> {
  if (!token) return null;
  const session = await db().session.findUnique({
    where: { tokenHash: hashSessionToken(token) },
    include: { user: { include: { teams: { select: { teamId: true } } } } },
  });
  if (!session || session.expiresAt <= new Date() || session.user.disabledAt) return null;
  if (Date.now() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db().session.update({ where: { id: session.id }, data: { lastSeenAt: new Date() } });
  }
  return sessionUserOf(session.user, session.id);
}

function sessionUserOf(
  user: { id: string; email: string; name: string; role: Role; locale: string; teams: { teamId: string }[] },
  sessionId: string,
): SessionUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: user.locale,
    sessionId,
    teamIds: user.teams.map((membership) => membership.teamId),
  };
}

/**
 * The user as a job acting on their behalf sees them (a coupon's chat message, sent as the agent who
 * gave it): the same rights, no session. Null when the user is gone or disabled.
 */
export async function actingUser(userId: string): Promise<SessionUser | null> {
  const user = await db().user.findUnique({
    where: { id: userId },
    include: { teams: { select: { teamId: true } } },
  });
  if (!user || user.disabledAt) return null;
  return sessionUserOf(user, "");
}

/** Ends sessions (all of a user's, or all but one) and drops their live sockets. */
export async function revokeUserSessions(userId: string, options: { exceptSessionId?: string } = {}): Promise<number> {
  const sessions = await db().session.findMany({
    where: { userId, ...(options.exceptSessionId ? { id: { not: options.exceptSessionId } } : {}) },
    select: { id: true },
  });
  const ids = sessions.map((session) => session.id);
  if (ids.length === 0) return 0;
  await db().session.deleteMany({ where: { id: { in: ids } } });
  disconnectSessions(ids);
  return ids.length;
}

export async function revokeSession(sessionId: string): Promise<void> {
  await db().session.deleteMany({ where: { id: sessionId } });
  disconnectSessions([sessionId]);
}
