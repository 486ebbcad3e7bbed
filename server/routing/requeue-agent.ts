// An agent who went offline cannot answer: their open conversations go back to the queue (keeping
// their team) and are offered to whoever is online. Snoozed ones stay theirs until they wake.
import { publishConversationChanges } from "../conversations/publish-conversation";
import { insertTimelineEvents } from "../conversations/timeline-events";
import { getDatabase } from "../db/db";
import { requestQueueDrain } from "./drain-queue";
import { scheduleQueueNotices } from "./queue-notice";
import { lockRouting } from "./routing-lock";

/**
 * Requeues the open conversations of agents who are offline: one agent's (right after they went
 * offline) or, without an id, everyone's (the periodic sweep, for what a crash left behind).
 */
export async function requeueOfflineAgents(userId?: string): Promise<string[]> {
  const now = new Date();
  const { ids, unanswered, events } = await getDatabase().transaction(async (tx) => {
    await lockRouting(tx);
    // Presence is read under the lock: an agent back online in the meantime keeps their work.
    const { rows } = await tx.query<{ id: string; agentId: string; agentName: string; stillWaiting: boolean }>(
      `UPDATE "Conversation" c SET status = 'QUEUED', "assigneeId" = NULL, "assignedAt" = NULL, "queuedAt" = $2,
         "updatedAt" = $2
       FROM "User" u, "ChannelAccount" ch
       WHERE c."assigneeId" = u.id AND c.status = 'OPEN' AND u.presence = 'OFFLINE'
         AND ($1::text IS NULL OR u.id = $1) AND ch.id = c."channelAccountId"
       RETURNING c.id, u.id AS "agentId", u.name AS "agentName",
         c."firstResponseAt" IS NULL AND ch."queueNotice" IS NOT NULL AS "stillWaiting"`,
      [userId ?? null, now.toISOString()],
    );
    const events = await insertTimelineEvents(
      tx,
      rows.map((row) => ({
        conversationId: row.id,
        content: {
          type: "EVENT",
          event: "requeued",
          detail: "agent_offline",
          actor: { id: row.agentId, name: row.agentName },
        },
      })),
      now,
    );
    return {
      ids: rows.map((row) => row.id),
      // Nobody has answered these customers yet: to them, they are still waiting in the queue.
      unanswered: rows.filter((row) => row.stillWaiting).map((row) => ({ id: row.id, queuedAt: now })),
      events,
    };
  });
  if (ids.length > 0) {
    await publishConversationChanges(
      ids.map((id) => ({ conversationId: id, messages: events.filter((event) => event.conversationId === id) })),
    );
    requestQueueDrain();
    if (unanswered.length > 0) await scheduleQueueNotices(unanswered);
  }
  return ids;
}
