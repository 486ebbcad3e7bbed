// Handing conversations from the bot to the queue, for a turn that decides to and for the sweep's
// safety net alike: QUEUED with the summary, waiting from the customer's message, and a timeline
// event naming the reason (returned for publishing after commit).
import type { MessageDto } from "../../conversations/message-dto";
import { insertTimelineEvents } from "../../conversations/timeline-events";
import type { SqlConnection } from "../../db/sql-connection";
import { HANDOFF_REASON_LABEL, type HandoffReason } from "./handoff-summary";

/** How many messages the bot sent in conversation `c` (the summary's count of its replies). */
export const BOT_REPLIES_SQL = `(SELECT count(*)::int FROM "Message" m WHERE m."conversationId" = c.id AND m."senderKind" = 'BOT')`;

export type Handoff = { conversationId: string; summary: string; reason: HandoffReason };

export async function handOver(tx: SqlConnection, handoffs: Handoff[], now: Date): Promise<MessageDto[]> {
  if (handoffs.length === 0) return [];
  await tx.query(
    `UPDATE "Conversation" c SET status = 'QUEUED', "queuedAt" = $3, "updatedAt" = $3, summary = s.summary,
       "botUnanswered" = 0, "waitingSince" = coalesce(c."waitingSince", c."lastCustomerMessageAt", $3)
     FROM unnest($1::text[], $2::text[]) AS s(id, summary) WHERE c.id = s.id`,
    [handoffs.map((handoff) => handoff.conversationId), handoffs.map((handoff) => handoff.summary), now.toISOString()],
  );
  return insertTimelineEvents(
    tx,
    handoffs.map(({ conversationId, reason }) => ({
      conversationId,
      content: { type: "EVENT", event: "bot_handoff", detail: reason, note: HANDOFF_REASON_LABEL[reason] },
    })),
    now,
  );
}
