// Making a customer's conversation on a channel active: the one already active, locked for the
// batch; else the one resolved recently, reopened; else a new one, with the bot or queued. An agent's
// reopen (reopen-conversation.ts) makes a resolved conversation active the same way.
import { newId } from "../../db/new-id";
import type { SqlConnection } from "../../db/sql-connection";
import { activeKey, activeKeySql } from "../active-key";
import type { InboundMessage } from "../inbound-message";
import { type ConversationState, STATE_COLUMNS } from "./conversation-state";

/** A customer who writes again within this long after a resolution continues that conversation. */
const REOPEN_WITHIN_MS = 24 * 3600_000;

const RETURNING_STATE = STATE_COLUMNS.split(", ")
  .map((column) => `c.${column}`)
  .join(", ");

/**
 * Makes a resolved conversation active again: handled by `agentId` (OPEN), or back in the queue
 * when null. Null when it is not resolved (any more); a unique violation when the customer has
 * another active conversation on the channel.
 */
export async function reactivateConversation(
  tx: SqlConnection,
  options: { conversationId: string; agentId: string | null; now: string },
): Promise<ConversationState | null> {
  const { rows } = await tx.query<ConversationState>(
    `UPDATE "Conversation" c SET "activeKey" = ${activeKeySql('c."channelAccountId"', 'c."customerId"')},
       "resolvedAt" = NULL, "updatedAt" = $3, "assigneeId" = $2,
       status = CASE WHEN $2::text IS NULL THEN 'QUEUED' ELSE 'OPEN' END::"ConversationStatus",
       "queuedAt" = CASE WHEN $2::text IS NULL THEN $3::timestamp ELSE c."queuedAt" END,
       "assignedAt" = CASE WHEN $2::text IS NULL THEN NULL
                           WHEN c."assigneeId" IS NOT DISTINCT FROM $2::text THEN c."assignedAt"
                           ELSE $3::timestamp END
     WHERE c.id = $1 AND c.status = 'RESOLVED'
     RETURNING ${RETURNING_STATE}`,
    [options.conversationId, options.agentId, options.now],
  );
  return rows[0] ?? null;
}

/** The customer's conversation resolved within REOPEN_WITHIN_MS, reopened: to its agent if they are around. */
async function reopenRecent(
  tx: SqlConnection,
  message: InboundMessage,
  customerId: string,
  now: string,
): Promise<ConversationState | null> {
  const { rows } = await tx.query<{ id: string; agent: string | null }>(
    `SELECT c.id, u.id AS agent FROM "Conversation" c
     LEFT JOIN "User" u ON u.id = c."assigneeId" AND u.presence <> 'OFFLINE' AND u."disabledAt" IS NULL
     WHERE c."customerId" = $1 AND c."channelAccountId" = $2 AND c.status = 'RESOLVED' AND c."resolvedAt" > $3
     ORDER BY c."resolvedAt" DESC LIMIT 1
     FOR UPDATE OF c`,
    [customerId, message.channelAccountId, new Date(Date.now() - REOPEN_WITHIN_MS).toISOString()],
  );
  const last = rows[0];
  if (!last) return null;
  return reactivateConversation(tx, { conversationId: last.id, agentId: last.agent, now });
}

/** The customer's active conversation on this channel, locked for this transaction; opened if none. */
export async function lockConversation(
  tx: SqlConnection,
  message: InboundMessage,
  customerId: string,
  now: string,
): Promise<ConversationState | null> {
  const key = activeKey(message.channelAccountId, customerId);
  const found = await tx.query<ConversationState>(
    `SELECT ${STATE_COLUMNS} FROM "Conversation" WHERE "activeKey" = $1 FOR UPDATE`,
    [key],
  );
  if (found.rows[0]) return found.rows[0];
  if (message.window?.kind === "CLOSE") return null;
  const reopened = await reopenRecent(tx, message, customerId, now);
  if (reopened) return { reopened: true, ...reopened };
  const opened = await openConversations(tx, [{ activeKey: key, customerId, message }], now);
  return opened.get(key) ?? null;
}

/**
 * Opens new conversations, in one statement: with the bot where the channel starts with it
 * (server/ai/bot/bot-turn.ts answers after triage), else queued for a human; keyed by their active key.
 */
export async function openConversations(
  tx: SqlConnection,
  firsts: { activeKey: string; customerId: string; message: InboundMessage }[],
  now: string,
): Promise<Map<string, ConversationState>> {
  if (firsts.length === 0) return new Map();
  const { rows } = await tx.query<ConversationState & { activeKey: string }>(
    `INSERT INTO "Conversation" (id, "activeKey", "customerId", "channelAccountId", "teamId", status, "queuedAt",
                                 "waitingSince", "lastActivityAt", "createdAt", "updatedAt")
     SELECT n.id, n.active_key, n.customer, c.id, coalesce(c."teamId", p."teamId"),
       CASE WHEN c."startsWithBot" THEN 'BOT' ELSE 'QUEUED' END::"ConversationStatus",
       CASE WHEN c."startsWithBot" THEN NULL ELSE $6::timestamp END, n.waiting, $6, $6, $6
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamp[]) AS n(id, active_key, customer, channel, waiting)
     JOIN "ChannelAccount" c ON c.id = n.channel
     LEFT JOIN "ChannelAccount" p ON p.id = c."parentId"
     RETURNING ${STATE_COLUMNS}, "activeKey"`,
    [
      firsts.map(() => newId()),
      firsts.map((first) => first.activeKey),
      firsts.map((first) => first.customerId),
      firsts.map((first) => first.message.channelAccountId),
      firsts.map((first) => first.message.sentAt.toISOString()),
      now,
    ],
  );
  if (rows.length !== firsts.length) throw new Error("a message names an unknown channel account");
  return new Map(rows.map(({ activeKey, ...state }) => [activeKey, { opened: true, ...state }]));
}
