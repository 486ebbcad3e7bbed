import { identityKey } from "../../customers/resolve-inbound-customers";
import type { SqlConnection } from "../../db/sql-connection";
import { activeKeySql } from "../active-key";
import { type ConversationState, type Pending, STATE_COLUMNS } from "./conversation-state";

type BatchReadRow = {
  storedId: string | null;
  storedConversationId: string | null;
  customerId: string | null;
  activeKey: string | null;
  conversationId: string | null;
} & Omit<ConversationState, "id" | "opened" | "reopened">;

/**
 * Everything a batch needs to know first, in one statement, one row per item: whether its message
 * is already stored (a replay, or a retry of the batch: answered as a duplicate, and it must not
 * open or reopen anything), the customer behind its identity if known, and that customer's active
 * conversation on the channel, locked for this transaction in id order (so concurrent batches
 * cannot deadlock).
 */
export async function readBatch(tx: SqlConnection, items: Pending[]) {
  const { rows } = await tx.query<BatchReadRow>(
    `WITH k AS MATERIALIZED (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS k(channel, external, msg, n)
     ), stored AS MATERIALIZED (
       SELECT k.n, m.id, m."conversationId"
       FROM k JOIN "Message" m ON m."channelAccountId" = k.channel AND m."externalMsgId" = k.msg
     ), known AS MATERIALIZED (
       SELECT k.n, i."customerId", ${activeKeySql("k.channel", 'i."customerId"')} AS "activeKey"
       FROM k JOIN "CustomerIdentity" i ON i."channelAccountId" = k.channel AND i."externalId" = k.external
       WHERE NOT EXISTS (SELECT 1 FROM stored s WHERE s.n = k.n)
     ), locked AS MATERIALIZED (
       SELECT ${STATE_COLUMNS}, "activeKey" FROM "Conversation"
       WHERE "activeKey" IN (SELECT "activeKey" FROM known)
       ORDER BY id
       FOR UPDATE
     )
     SELECT s.id AS "storedId", s."conversationId" AS "storedConversationId", kn."customerId", kn."activeKey",
       l.id AS "conversationId", l.status, l."replyWindowKind", l."replyWindowExpiresAt", l."replyWindowRemaining",
       l."lastCustomerMessageAt"
     FROM k
     LEFT JOIN stored s ON s.n = k.n
     LEFT JOIN known kn ON kn.n = k.n
     LEFT JOIN locked l ON l."activeKey" = kn."activeKey"
     ORDER BY k.n`,
    [
      items.map((item) => item.message.channelAccountId),
      items.map((item) => item.message.externalUserId),
      items.map((item) => item.message.externalMsgId),
    ],
  );
  const customers = new Map<string, string>();
  const conversations = new Map<string, ConversationState>();
  const stored = items.map((item, index) => {
    const row = rows[index];
    if (!row) throw new Error("the batch read lost a row");
    if (row.customerId) customers.set(identityKey(item.message), row.customerId);
    if (row.activeKey && row.conversationId) {
      conversations.set(row.activeKey, {
        id: row.conversationId,
        status: row.status,
        replyWindowKind: row.replyWindowKind,
        replyWindowExpiresAt: row.replyWindowExpiresAt,
        replyWindowRemaining: row.replyWindowRemaining,
        lastCustomerMessageAt: row.lastCustomerMessageAt,
      });
    }
    return row.storedId && row.storedConversationId
      ? { id: row.storedId, conversationId: row.storedConversationId }
      : null;
  });
  return { stored, customers, conversations };
}
