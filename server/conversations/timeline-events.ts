// System events in a conversation's timeline (assigned, transferred, resolved…): messages with
// direction INTERNAL that are never sent to the customer. Written inside the transaction that made
// them true, published after it commits.
import { newId } from "../db/new-id";
import type { SqlConnection } from "../db/sql-connection";
import { describeContent, type EventContent } from "./message-content";
import type { MessageDto } from "./message-dto";

export type TimelineEntry = { conversationId: string; content: EventContent };

export async function insertTimelineEvents(
  tx: SqlConnection,
  entries: TimelineEntry[],
  now: Date,
): Promise<MessageDto[]> {
  if (entries.length === 0) return [];
  const at = now.toISOString();
  const rows = entries.map((entry) => ({ id: newId(), text: describeContent(entry.content), ...entry }));
  await tx.query(
    `INSERT INTO "Message" (id, "conversationId", "channelAccountId", direction, "senderKind", type, body, text,
                            "sentAt", "createdAt", "updatedAt")
     SELECT e.id, e.conversation, c."channelAccountId", 'INTERNAL', 'SYSTEM', 'EVENT', e.body::jsonb, e.text, $5, $5, $5
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS e(id, conversation, body, text)
     JOIN "Conversation" c ON c.id = e.conversation`,
    [
      rows.map((row) => row.id),
      rows.map((row) => row.conversationId),
      rows.map((row) => JSON.stringify(row.content)),
      rows.map((row) => row.text),
      at,
    ],
  );
  return rows.map((row) => ({
    id: row.id,
    conversationId: row.conversationId,
    direction: "INTERNAL",
    senderKind: "SYSTEM",
    senderUserId: null,
    type: "EVENT",
    content: row.content,
    text: row.text,
    deliveryStatus: null,
    failureReason: null,
    sentAt: at,
    updatedAt: at,
  }));
}
