// Presence follows the console tabs: the first socket of an OFFLINE agent makes them ONLINE, and
// when their last socket has been gone for a grace period (a reload is not going offline) they
// become OFFLINE. A periodic reconcile repairs what a crashed instance left behind.
import { db } from "../db/db";
import { createLogger } from "../logger";
import { setPresence } from "../users/set-presence";
import { rooms } from "./events";
import type { RealtimeServer } from "./io";

const log = createLogger("presence");

export type PresenceTracker = {
  connected(userId: string): Promise<void>;
  disconnected(userId: string): void;
  reconcile(): Promise<number>;
  stop(): void;
};

export function createPresenceTracker(io: RealtimeServer, options: { graceMs: number; reconcileEveryMs: number }) {
  const pending = new Map<string, NodeJS.Timeout>();

  async function hasSockets(userId: string): Promise<boolean> {
    return (await io.in(rooms.agent(userId)).fetchSockets()).length > 0;
  }

  async function goOfflineIfGone(userId: string) {
    pending.delete(userId);
    try {
      if (!(await hasSockets(userId))) await setPresence(userId, "OFFLINE");
    } catch (error) {
      log.error({ err: error, userId }, "could not update presence");
    }
  }

  const tracker: PresenceTracker = {
    async connected(userId) {
      clearTimeout(pending.get(userId));
      pending.delete(userId);
      await setPresence(userId, "ONLINE", { onlyFrom: ["OFFLINE"] });
    },
    disconnected(userId) {
      clearTimeout(pending.get(userId));
      pending.set(
        userId,
        setTimeout(() => void goOfflineIfGone(userId), options.graceMs),
      );
    },
    async reconcile() {
      const connected = new Set((await io.fetchSockets()).map((socket) => socket.data.user.id));
      const stale = await db().user.findMany({
        where: { presence: { not: "OFFLINE" }, id: { notIn: [...connected] } },
        select: { id: true },
      });
      for (const user of stale) if (!pending.has(user.id)) await setPresence(user.id, "OFFLINE");
      return stale.length;
    },
    stop() {
      clearInterval(timer);
      for (const timeout of pending.values()) clearTimeout(timeout);
      pending.clear();
    },
  };

  const timer = setInterval(() => {
    tracker.reconcile().catch((error) => log.error({ err: error }, "presence reconcile failed"));
  }, options.reconcileEveryMs);
  timer.unref();
  return tracker;
}
