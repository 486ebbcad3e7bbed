import { db } from "../db/db";
import type { Presence } from "../generated/prisma/enums";
import { runInBackground } from "../jobs/background-work";
import { rooms } from "../realtime/events";
import { publish } from "../realtime/publish";
import { requestQueueDrain } from "../routing/drain-queue";
import { requeueOfflineAgents } from "../routing/requeue-agent";

/** Changes an agent's presence and tells every console; a no-op when nothing changes. */
export async function setPresence(userId: string, presence: Presence, options: { onlyFrom?: Presence[] } = {}) {
  const changedAt = new Date();
  const { count } = await db().user.updateMany({
    where: { id: userId, presence: options.onlyFrom ? { in: options.onlyFrom } : { not: presence } },
    data: { presence, presenceChangedAt: changedAt },
  });
  if (count === 0) return false;
  // Every console user: anyone may transfer a conversation to anyone online.
  publish.toRooms([rooms.inbox], "agent.presence_changed", {
    userId,
    presence,
    changedAt: changedAt.toISOString(),
  });
  // Routing follows presence: someone online can take waiting conversations; someone offline
  // cannot answer the ones they hold.
  if (presence === "ONLINE") requestQueueDrain();
  if (presence === "OFFLINE") runInBackground(() => requeueOfflineAgents(userId));
  return true;
}
