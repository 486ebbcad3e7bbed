// socket.io on the console's HTTP server: the handshake is authenticated by the session cookie and
// checked for a same-site Origin; each socket joins its agent, session, team and role rooms, and
// joins conversation rooms only after a visibility check.
import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import { Server } from "socket.io";
import type { ZodType } from "zod";
import { can } from "../auth/permissions";
import { readCookie, SESSION_COOKIE } from "../auth/session-cookie";
import { findSessionUser, type SessionUser } from "../auth/sessions";
import { getVisibleConversation } from "../conversations/get-visible-conversation";
import { db } from "../db/db";
import { toErrorResponse } from "../errors";
import { isAllowedOrigin } from "../http/origin";
import { createLogger } from "../logger";
import { broadcastViewers } from "./conversation-viewers";
import { type AckResult, conversationRoomSchema, rooms, typingSchema } from "./events";
import type { RealtimeServer } from "./io";
import { createPresenceTracker } from "./presence-tracker";
import { flushPublished } from "./publish";

const log = createLogger("realtime");

export type RealtimeOptions = {
  allowedOrigins: string[];
  redisUrl?: string;
  presenceGraceMs?: number;
  /** Let other upgrade requests (Next.js HMR in development) through instead of destroying them. */
  keepOtherUpgrades?: boolean;
};

function onValidated<T>(
  schema: ZodType<T>,
  handler: (payload: T) => Promise<void>,
): (payload: unknown, ack: unknown) => Promise<void> {
  return async (payload, ack) => {
    const reply = typeof ack === "function" ? (ack as (result: AckResult) => void) : () => {};
    try {
      await handler(schema.parse(payload));
      reply({ ok: true });
    } catch (error) {
      reply({ ok: false, error: toErrorResponse(error).body.error });
    }
  };
}

async function currentTeamIds(userId: string): Promise<string[]> {
  const memberships = await db().teamMember.findMany({ where: { userId }, select: { teamId: true } });
  return memberships.map((membership) => membership.teamId);
}

export async function createRealtimeServer(httpServer: HttpServer, options: RealtimeOptions) {
  const io: RealtimeServer = new Server(httpServer, {
    serveClient: false,
    destroyUpgrade: !options.keepOtherUpgrades,
    allowRequest: (req, callback) => {
      const allowed = isAllowedOrigin({
        origin: req.headers.origin,
        host: req.headers.host,
        allowedOrigins: options.allowedOrigins,
        requireOrigin: true,
      });
      callback(allowed ? null : "origin not allowed", allowed);
    },
  });

  let closeAdapter = async () => {};
  if (options.redisUrl) {
    const pub = createClient({ url: options.redisUrl });
    const sub = pub.duplicate();
    pub.on("error", (error) => log.error({ err: error }, "redis publisher error"));
    sub.on("error", (error) => log.error({ err: error }, "redis subscriber error"));
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub));
    closeAdapter = async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    };
    log.info("socket.io uses the Redis adapter");
  }

  const presence = createPresenceTracker(io, {
    graceMs: options.presenceGraceMs ?? 15_000,
    reconcileEveryMs: 60_000,
  });

  io.use((socket, next) => {
    findSessionUser(readCookie(socket.request.headers.cookie, SESSION_COOKIE)).then(
      (user) => {
        if (!user || !can(user.role, "console.use")) return next(new Error("UNAUTHORIZED"));
        socket.data.user = user;
        next();
      },
      (error: unknown) => {
        log.error({ err: error }, "socket authentication failed");
        next(new Error("INTERNAL"));
      },
    );
  });

  // After the ack, never before it: with the Redis adapter, reading a room's sockets is a round trip
  // to every instance, and an agent opening a conversation must not wait for it.
  const announceViewers = (conversationId: string) => {
    broadcastViewers(io, conversationId).catch((error) => log.warn({ err: error }, "viewer update failed"));
  };

  io.on("connection", (socket) => {
    const user: SessionUser = socket.data.user;
    socket.join([
      rooms.agent(user.id),
      rooms.session(user.sessionId),
      rooms.inbox,
      ...user.teamIds.map(rooms.team),
      ...(can(user.role, "dashboard.view") ? [rooms.supervisors] : []),
    ]);
    presence.connected(user.id).catch((error) => log.error({ err: error }, "presence update failed"));
    socket.on("disconnect", () => presence.disconnected(user.id));

    socket.on(
      "conversation.subscribe",
      onValidated(conversationRoomSchema, async ({ conversationId }) => {
        // Teams may have changed since the socket connected: check with the ones the user has now.
        await getVisibleConversation({ ...user, teamIds: await currentTeamIds(user.id) }, conversationId);
        await socket.join(rooms.conversation(conversationId));
        announceViewers(conversationId);
      }),
    );
    socket.on(
      "conversation.typing",
      onValidated(typingSchema, async ({ conversationId, typing }) => {
        if (!socket.rooms.has(rooms.conversation(conversationId))) return;
        const before = socket.data.typingIn;
        socket.data.typingIn = typing ? conversationId : undefined;
        if (before !== socket.data.typingIn) announceViewers(conversationId);
      }),
    );
    // Rooms are still known while disconnecting: tell the conversations this tab had open.
    socket.on("disconnecting", () => {
      const open = [...socket.rooms].filter((room) => room.startsWith("conversation:"));
      setTimeout(() => {
        for (const room of open) announceViewers(room.slice("conversation:".length));
      }, 0);
    });
    socket.on(
      "conversation.unsubscribe",
      onValidated(conversationRoomSchema, async ({ conversationId }) => {
        await socket.leave(rooms.conversation(conversationId));
        if (socket.data.typingIn === conversationId) socket.data.typingIn = undefined;
        announceViewers(conversationId);
      }),
    );
  });

  return {
    io,
    presence,
    /** Other instances' sockets share these rooms (the Redis adapter): pass it on to setIo. */
    sharedRooms: Boolean(options.redisUrl),
    /** Disconnects every socket and releases the adapter; the HTTP server is closed by its owner. */
    async close() {
      presence.stop();
      flushPublished();
      io.disconnectSockets(true);
      await closeAdapter();
    },
  };
}
