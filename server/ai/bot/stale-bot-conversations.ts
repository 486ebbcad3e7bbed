// The safety net under the bot: a customer of a conversation still with the bot who has waited
// this long without a reply (its turn failed, or the instance that was to take it stopped) is
// handed to the queue. Run by the routing sweep every minute.
import { publishConversationChanges } from "../../conversations/publish-conversation";
import { insertTimelineEvents } from "../../conversations/timeline-events";
import { getDatabase } from "../../db/db";
import type { Intent } from "../triage/intent-model";
import { HANDOFF_REASON_LABEL, handoffSummary } from "./handoff-summary";

/** A bot turn takes milliseconds; a customer waiting this long is not being answered. */
const STALE_AFTER_MS = 2 * 60_000;

export async function handOverStaleBotConversations(now = new Date()): Promise<string[]> {
  const at = now.toISOString();
  const handed = await getDatabase().transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; intent: Intent | null; preview: string | null; answered: number }>(
      `SELECT c.id, c.intent, c."lastMessagePreview" AS preview,
         (SELECT count(*)::int FROM "Message" m WHERE m."conversationId" = c.id AND m."senderKind" = 'BOT') AS answered
       FROM "Conversation" c
       WHERE c.status = 'BOT' AND c."waitingSince" < $1
       ORDER BY c."waitingSince" LIMIT 200
       FOR UPDATE OF c SKIP LOCKED`,
      [new Date(now.getTime() - STALE_AFTER_MS).toISOString()],
    );
    if (rows.length === 0) return [];
    await tx.query(
      `UPDATE "Conversation" c SET status = 'QUEUED', "queuedAt" = $3, "updatedAt" = $3, summary = s.summary,
         "botUnanswered" = 0
       FROM unnest($1::text[], $2::text[]) AS s(id, summary) WHERE c.id = s.id`,
      [
        rows.map((row) => row.id),
        rows.map((row) =>
          handoffSummary({
            intent: row.intent,
            latestText: row.preview ?? "",
            reason: "no_reply",
            answered: row.answered,
          }),
        ),
        at,
      ],
    );
    const events = await insertTimelineEvents(
      tx,
      rows.map((row) => ({
        conversationId: row.id,
        content: { type: "EVENT", event: "bot_handoff", detail: "no_reply", note: HANDOFF_REASON_LABEL.no_reply },
      })),
      now,
    );
    return rows.map((row) => ({ conversationId: row.id, messages: events.filter((e) => e.conversationId === row.id) }));
  });
  if (handed.length > 0) await publishConversationChanges(handed);
  return handed.map((change) => change.conversationId);
}
