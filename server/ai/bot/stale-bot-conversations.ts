// The safety net under the bot: a customer of a conversation still with the bot who has waited
// this long without a reply (its turn failed, or the instance that was to take it stopped) is
// handed to the queue. Run by the routing sweep every minute.
import { publishConversationChanges } from "../../conversations/publish-conversation";
import { getDatabase } from "../../db/db";
import type { Intent } from "../triage/intent-model";
import { BOT_REPLIES_SQL, handOver } from "./hand-over";
import { handoffSummary } from "./handoff-summary";

/** A bot turn takes milliseconds; a customer waiting this long is not being answered. */
const STALE_AFTER_MS = 2 * 60_000;

export async function handOverStaleBotConversations(now = new Date()): Promise<string[]> {
  const handed = await getDatabase().transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; intent: Intent | null; preview: string | null; answered: number }>(
      `SELECT c.id, c.intent, c."lastMessagePreview" AS preview, ${BOT_REPLIES_SQL} AS answered
       FROM "Conversation" c
       WHERE c.status = 'BOT' AND c."waitingSince" < $1
       ORDER BY c."waitingSince" LIMIT 200
       FOR UPDATE OF c SKIP LOCKED`,
      [new Date(now.getTime() - STALE_AFTER_MS).toISOString()],
    );
    const events = await handOver(
      tx,
      rows.map((row) => ({
        conversationId: row.id,
        reason: "no_reply",
        summary: handoffSummary({
          intent: row.intent,
          latestText: row.preview ?? "",
          reason: "no_reply",
          answered: row.answered,
        }),
      })),
      now,
    );
    return rows.map((row) => ({ conversationId: row.id, messages: events.filter((e) => e.conversationId === row.id) }));
  });
  if (handed.length > 0) await publishConversationChanges(handed);
  return handed.map((change) => change.conversationId);
}
