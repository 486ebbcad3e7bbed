// Auto-assignment: the oldest waiting conversations go to online agents with capacity. Runs after
// anything that can change the answer (a conversation queued, an agent online, capacity freed),
// coalesced so a burst of arrivals makes a few passes rather than one each, and every minute as a
// safety net for what another instance or a crash left behind.
import { publishConversationChanges } from "../conversations/publish-conversation";
import { insertTimelineEvents } from "../conversations/timeline-events";
import { getDatabase } from "../db/db";
import { runInBackground } from "../jobs/background-work";
import { pickAgent, type RoutingCandidate, type WaitingConversation } from "./pick-agent";
import { lockRouting } from "./routing-lock";

/** Conversations looked at per pass; a longer queue is worked through in further passes. */
const BATCH = 200;

const CANDIDATES_SQL = `
  SELECT u.id, u.name, u.capacity, u.skills,
    coalesce(array_agg(m."teamId") FILTER (WHERE m."teamId" IS NOT NULL), '{}') AS "teamIds",
    (SELECT count(*)::int FROM "Conversation" c WHERE c."assigneeId" = u.id AND c.status = 'OPEN') AS load,
    (SELECT max(c."assignedAt") FROM "Conversation" c WHERE c."assigneeId" = u.id AND c.status = 'OPEN')
      AS "lastAssignedAt"
  FROM "User" u
  LEFT JOIN "TeamMember" m ON m."userId" = u.id
  WHERE u.role = 'AGENT' AND u.presence = 'ONLINE' AND u."disabledAt" IS NULL AND u.capacity > 0
  GROUP BY u.id`;

// Most urgent first (triage raises a threatening or angry customer's priority), then oldest wait;
// conversations nobody waits on (requeued after a reply) after them.
const QUEUE_SQL = `
  SELECT id, "teamId", skill FROM "Conversation"
  WHERE status = 'QUEUED' AND "assigneeId" IS NULL AND ("teamId" IS NULL OR "teamId" = ANY($1::text[]))
  ORDER BY priority DESC, "waitingSince" ASC NULLS LAST, "queuedAt" ASC NULLS LAST, id
  LIMIT ${BATCH}
  FOR UPDATE SKIP LOCKED`;

export type Assignment = { conversationId: string; agentId: string };

/** One pass over the queue; returns what was assigned (already published). */
export async function drainQueue(): Promise<Assignment[]> {
  const now = new Date();
  const { assignments, events } = await getDatabase().transaction(async (tx) => {
    await lockRouting(tx);
    const candidates = (await tx.query<RoutingCandidate>(CANDIDATES_SQL)).rows.filter(
      (agent) => agent.load < agent.capacity,
    );
    if (candidates.length === 0) return { assignments: [], events: [] };
    // Only teams someone can take from: a full team's backlog must not hide another team's queue.
    const openTeams = [...new Set(candidates.flatMap((agent) => agent.teamIds))];
    const waiting = (await tx.query<WaitingConversation>(QUEUE_SQL, [openTeams])).rows;
    const chosen: { conversationId: string; agent: RoutingCandidate }[] = [];
    for (const conversation of waiting) {
      const agent = pickAgent(conversation, candidates);
      if (!agent) continue;
      agent.load += 1;
      agent.lastAssignedAt = now;
      chosen.push({ conversationId: conversation.id, agent });
    }
    if (chosen.length === 0) return { assignments: [], events: [] };
    await tx.query(
      `UPDATE "Conversation" c
       SET status = 'OPEN', "assigneeId" = a.agent, "assignedAt" = $3, "updatedAt" = $3
       FROM unnest($1::text[], $2::text[]) AS a(id, agent)
       WHERE c.id = a.id`,
      [chosen.map((item) => item.conversationId), chosen.map((item) => item.agent.id), now.toISOString()],
    );
    const events = await insertTimelineEvents(
      tx,
      chosen.map(({ conversationId, agent }) => ({
        conversationId,
        content: { type: "EVENT", event: "assigned", target: { kind: "agent", id: agent.id, name: agent.name } },
      })),
      now,
    );
    return {
      assignments: chosen.map((item) => ({ conversationId: item.conversationId, agentId: item.agent.id })),
      events,
    };
  });
  await publishConversationChanges(
    assignments.map(({ conversationId }) => ({
      conversationId,
      messages: events.filter((event) => event.conversationId === conversationId),
    })),
  );
  return assignments;
}

let draining = false;
let again = false;

/**
 * Asks for auto-assignment soon, in the background. Requests made while a pass runs are folded
 * into one more pass after it, so fifty arrivals at once cost a handful of passes, not fifty.
 */
export function requestQueueDrain(): void {
  if (draining) {
    again = true;
    return;
  }
  draining = true;
  runInBackground(async () => {
    try {
      do {
        again = false;
        // A full batch means more may be waiting behind it.
        while ((await drainQueue()).length === BATCH) {}
      } while (again);
    } finally {
      draining = false;
    }
  });
}
