import type { SqlConnection } from "../../db/sql-connection";
import { searchTextOf } from "../../search/tokenize";
import { LIST_ROW_COLUMNS, type ListRow } from "../conversation-list-row";
import { type Accepted, messageKey } from "./conversation-state";
import type { Fold } from "./fold-conversation";

/**
 * The batch's writes in one statement: the webhooks its items came from marked processed, the
 * messages inserted (in key order, so that two batches holding the same messages wait for each
 * other rather than deadlock), and their conversations updated, returning their inbox rows. The
 * conversations are updated only if every message was inserted: otherwise no row comes back and
 * the caller rolls back and retries.
 */
export async function writeMessages(
  tx: SqlConnection,
  created: Accepted[],
  folds: Fold[],
  eventIds: string[],
  now: string,
) {
  if (created.length === 0) {
    if (eventIds.length > 0) {
      await tx.query(
        `UPDATE "InboundEvent" SET "processedAt" = $2, attempts = attempts + 1, "lastError" = NULL
         WHERE id = ANY($1::text[])`,
        [eventIds, now],
      );
    }
    return [];
  }
  const inserting = [...created].sort((a, b) =>
    messageKey(a.pending.message) < messageKey(b.pending.message) ? -1 : 1,
  );
  const { rows } = await tx.query<ListRow & { queueNoticeOn: boolean }>(
    `WITH marked AS (
       UPDATE "InboundEvent" SET "processedAt" = $11, attempts = attempts + 1, "lastError" = NULL
       WHERE id = ANY($10::text[])
     ), inserted AS (
       INSERT INTO "Message" (id, "conversationId", "channelAccountId", direction, "senderKind", type, body, text,
                              "externalMsgId", "sentAt", "createdAt", "updatedAt", "searchText")
       SELECT m.id, m.conversation, m.channel, 'INBOUND', 'CUSTOMER', m.type::"MessageType", m.body::jsonb, m.text,
              m.external, m.sent, $11, $11, m.search
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                   $8::timestamp[], $9::text[]) AS m(id, conversation, channel, type, body, text, external, sent, search)
       ON CONFLICT ("channelAccountId", "externalMsgId") DO NOTHING
       RETURNING id
     ), touched AS (
       UPDATE "Conversation" c SET
         "lastActivityAt" = $11, "updatedAt" = $11, "unreadCount" = c."unreadCount" + u.unread,
         "lastCustomerMessageAt" = coalesce(u.latest_at, c."lastCustomerMessageAt"),
         "lastMessagePreview" = CASE WHEN u.latest_at IS NULL THEN c."lastMessagePreview" ELSE u.preview END,
         "replyWindowKind" = CASE WHEN u.window_set THEN u.window_kind::"ReplyWindowKind" ELSE c."replyWindowKind" END,
         "replyWindowOpenedAt" = CASE WHEN u.window_set THEN u.window_opened ELSE c."replyWindowOpenedAt" END,
         "replyWindowExpiresAt" = CASE WHEN u.window_set THEN u.window_expires ELSE c."replyWindowExpiresAt" END,
         "replyWindowRemaining" = CASE WHEN u.window_set THEN u.window_remaining ELSE c."replyWindowRemaining" END,
         status = CASE WHEN c.status = 'SNOOZED' THEN 'OPEN' ELSE c.status END,
         "snoozedUntil" = CASE WHEN c.status = 'SNOOZED' THEN NULL ELSE c."snoozedUntil" END,
         "waitingSince" = coalesce(c."waitingSince", u.waiting)
       FROM unnest($12::text[], $13::int[], $14::timestamp[], $15::text[], $16::bool[], $17::text[], $18::timestamp[],
                   $19::int[], $20::timestamp[], $21::timestamp[])
         AS u(id, unread, latest_at, preview, window_set, window_kind, window_expires, window_remaining, waiting,
              window_opened)
       WHERE c.id = u.id AND (SELECT count(*) FROM inserted) = cardinality($1::text[])
       RETURNING c.*
     )
     SELECT ${LIST_ROW_COLUMNS}, ch."queueNotice" IS NOT NULL AS "queueNoticeOn"
     FROM touched v
     JOIN "Customer" cu ON cu.id = v."customerId"
     JOIN "ChannelAccount" ch ON ch.id = v."channelAccountId"
     LEFT JOIN "Team" t ON t.id = v."teamId"`,
    [
      inserting.map((a) => a.messageId),
      inserting.map((a) => a.conversation.id),
      inserting.map((a) => a.pending.message.channelAccountId),
      inserting.map((a) => a.pending.message.content.type),
      inserting.map((a) => JSON.stringify(a.pending.message.content)),
      inserting.map((a) => a.text),
      inserting.map((a) => a.pending.message.externalMsgId),
      inserting.map((a) => a.pending.message.sentAt.toISOString()),
      inserting.map((a) => searchTextOf(a.text)),
      eventIds,
      now,
      folds.map((f) => f.id),
      folds.map((f) => f.unread),
      folds.map((f) => f.latestAt),
      folds.map((f) => f.preview),
      folds.map((f) => f.windowChanged),
      folds.map((f) => (f.windowChanged ? (f.window?.kind ?? null) : null)),
      folds.map((f) => (f.windowChanged ? (f.window?.expiresAt.toISOString() ?? null) : null)),
      folds.map((f) => (f.windowChanged ? (f.window?.remaining ?? null) : null)),
      folds.map((f) => f.waitingSince),
      folds.map((f) => f.windowOpenedAt),
    ],
  );
  return rows;
}
