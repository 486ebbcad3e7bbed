// A customer's message enters LoopDesk here, from any channel: the customer and their identity on
// the channel, the active conversation (opened if none), the message (unique per channel and
// platform id, so replays change nothing), the reply window; then, after commit, the agents' screens.
// This is the hot path of every inbound message, so it is a few set-based SQL statements in one
// short transaction rather than a dozen ORM round trips. Times are written as UTC ISO strings.
import { getDatabase } from "../db/db";
import { newId } from "../db/new-id";
import type { SqlConnection } from "../db/sql-connection";
import type { ConversationStatus, ReplyWindowKind } from "../generated/prisma/enums";
import { publish } from "../realtime/publish";
import { requestQueueDrain } from "../routing/drain-queue";
import { searchTextOf } from "../search/tokenize";
import { LIST_ROW_COLUMNS, type ListRow, toListRow } from "./conversation-list-row";
import type { InboundMessage } from "./inbound-message";
import { describeContent } from "./message-content";
import type { MessageDto } from "./message-dto";
import { publishConversationActivity } from "./publish-conversation";
import { applyWindowGrant, type ReplyWindow } from "./reply-window";
import { insertTimelineEvents } from "./timeline-events";

export type IngestResult = {
  status: "created" | "duplicate" | "skipped";
  messageId?: string;
  conversationId?: string;
  /** This message opened a new conversation, or reopened a resolved one. */
  opened?: boolean;
};

type ConversationState = {
  id: string;
  opened?: boolean;
  reopened?: boolean;
  status: ConversationStatus;
  replyWindowKind: ReplyWindowKind | null;
  replyWindowExpiresAt: Date | null;
  replyWindowRemaining: number | null;
  lastCustomerMessageAt: Date | null;
};

const STATE_COLUMNS = `id, status, "replyWindowKind", "replyWindowExpiresAt", "replyWindowRemaining", "lastCustomerMessageAt"`;

/** A customer who writes again within this long after a resolution continues that conversation. */
const REOPEN_WITHIN_MS = 24 * 3600_000;

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === "23505" || code === "P2002";
}

/** The customer behind this channel identity: found, merged by unionId, or created with the identity. */
async function resolveCustomer(tx: SqlConnection, message: InboundMessage, now: string): Promise<string> {
  const profile = message.profile ?? {};
  const { rows } = await tx.query<{ customerId: string | null }>(
    `WITH existing AS (
       SELECT "customerId" FROM "CustomerIdentity" WHERE "channelAccountId" = $1 AND "externalId" = $2
     ), by_union AS (
       SELECT id FROM "Customer" WHERE $3::text IS NOT NULL AND "unionId" = $3 AND NOT EXISTS (SELECT 1 FROM existing)
     ), created AS (
       INSERT INTO "Customer" (id, name, "avatarUrl", "unionId", "createdAt", "updatedAt")
       SELECT $4, $5, $6, $3, $9, $9
       WHERE NOT EXISTS (SELECT 1 FROM existing) AND NOT EXISTS (SELECT 1 FROM by_union)
       RETURNING id
     ), identity AS (
       INSERT INTO "CustomerIdentity" (id, "customerId", "channelAccountId", "externalId", "unionId", nickname, "avatarUrl", "createdAt", "updatedAt")
       SELECT $7, coalesce((SELECT id FROM by_union), (SELECT id FROM created)), $1, $2, $3, $8, $6, $9, $9
       WHERE NOT EXISTS (SELECT 1 FROM existing)
       RETURNING "customerId"
     )
     SELECT coalesce((SELECT "customerId" FROM existing), (SELECT "customerId" FROM identity)) AS "customerId"`,
    [
      message.channelAccountId,
      message.externalUserId,
      profile.unionId ?? null,
      newId(),
      profile.nickname ?? `微信用户 ${message.externalUserId.slice(-4)}`,
      profile.avatarUrl ?? null,
      newId(),
      profile.nickname ?? null,
      now,
    ],
  );
  const customerId = rows[0]?.customerId;
  if (!customerId) throw new Error("customer could not be resolved");
  return customerId;
}

/** The customer's active conversation on this channel, locked for this transaction; opened if none. */
async function lockConversation(
  tx: SqlConnection,
  message: InboundMessage,
  customerId: string,
  now: string,
): Promise<ConversationState | null> {
  const activeKey = `${message.channelAccountId}:${customerId}`;
  const found = await tx.query<ConversationState>(
    `SELECT ${STATE_COLUMNS} FROM "Conversation" WHERE "activeKey" = $1 FOR UPDATE`,
    [activeKey],
  );
  if (found.rows[0]) return found.rows[0];
  if (message.window?.kind === "CLOSE") return null;
  // Recently resolved: reopen it, back to its agent if they are around, to the queue otherwise.
  const reopened = await tx.query<ConversationState>(
    `WITH last AS (
       SELECT id FROM "Conversation"
       WHERE "customerId" = $2 AND "channelAccountId" = $3 AND status = 'RESOLVED' AND "resolvedAt" > $4
       ORDER BY "resolvedAt" DESC LIMIT 1
       FOR UPDATE
     ), keeper AS (
       SELECT l.id, u.id AS agent FROM last l
       JOIN "Conversation" c ON c.id = l.id
       LEFT JOIN "User" u ON u.id = c."assigneeId" AND u.presence <> 'OFFLINE' AND u."disabledAt" IS NULL
     )
     UPDATE "Conversation" c SET "activeKey" = $1, "resolvedAt" = NULL, "updatedAt" = $5, "assigneeId" = k.agent,
       status = CASE WHEN k.agent IS NULL THEN 'QUEUED' ELSE 'OPEN' END::"ConversationStatus",
       "queuedAt" = CASE WHEN k.agent IS NULL THEN $5::timestamp ELSE c."queuedAt" END,
       "assignedAt" = CASE WHEN k.agent IS NULL THEN NULL ELSE c."assignedAt" END
     FROM keeper k WHERE c.id = k.id
     RETURNING ${STATE_COLUMNS.split(", ")
       .map((column) => `c.${column}`)
       .join(", ")}`,
    [activeKey, customerId, message.channelAccountId, new Date(Date.now() - REOPEN_WITHIN_MS).toISOString(), now],
  );
  if (reopened.rows[0]) return { ...reopened.rows[0], reopened: true };
  // No bot answers yet, so a new conversation waits for a human from its first message.
  const created = await tx.query<ConversationState>(
    `INSERT INTO "Conversation" (id, "activeKey", "customerId", "channelAccountId", "teamId", status, "queuedAt",
                                 "waitingSince", "lastActivityAt", "createdAt", "updatedAt")
     SELECT $1, $2, $3, c.id, coalesce(c."teamId", p."teamId"), 'QUEUED', $5, $4, $5, $5, $5
     FROM "ChannelAccount" c LEFT JOIN "ChannelAccount" p ON p.id = c."parentId"
     WHERE c.id = $6
     RETURNING ${STATE_COLUMNS}`,
    [newId(), activeKey, customerId, message.sentAt.toISOString(), now, message.channelAccountId],
  );
  const conversation = created.rows[0];
  if (!conversation) throw new Error(`unknown channel account ${message.channelAccountId}`);
  return { ...conversation, opened: true };
}

function currentWindow(state: ConversationState): ReplyWindow | null {
  if (!state.replyWindowKind || !state.replyWindowExpiresAt) return null;
  return { kind: state.replyWindowKind, expiresAt: state.replyWindowExpiresAt, remaining: state.replyWindowRemaining };
}

async function ingestOnce(
  message: InboundMessage,
  checkSeen: boolean,
): Promise<IngestResult & { publish?: () => void }> {
  const { sql, transaction } = getDatabase();
  if (checkSeen) {
    const seen = await sql.query<{ id: string; conversationId: string }>(
      `SELECT id, "conversationId" FROM "Message" WHERE "channelAccountId" = $1 AND "externalMsgId" = $2`,
      [message.channelAccountId, message.externalMsgId],
    );
    if (seen.rows[0])
      return { status: "duplicate", messageId: seen.rows[0].id, conversationId: seen.rows[0].conversationId };
  }
  return transaction(async (tx) => {
    const now = new Date().toISOString();
    const customerId = await resolveCustomer(tx, message, now);
    const conversation = await lockConversation(tx, message, customerId, now);
    if (!conversation) return { status: "skipped" as const };

    const text = describeContent(message.content);
    const isLatest = !conversation.lastCustomerMessageAt || message.sentAt >= conversation.lastCustomerMessageAt;
    // Messages can arrive out of order (retries, kf sync pages): only a newer one moves the window.
    const window =
      isLatest && message.window ? applyWindowGrant(currentWindow(conversation), message.window, message.sentAt) : null;
    const messageId = newId();
    const { rows } = await tx.query<ListRow & { messageUpdatedAt: Date }>(
      `WITH inserted AS (
         INSERT INTO "Message" (id, "conversationId", "channelAccountId", direction, "senderKind", type, body, text,
                                "externalMsgId", "sentAt", "createdAt", "updatedAt", "searchText")
         VALUES ($1, $2, $3, 'INBOUND', 'CUSTOMER', $4::"MessageType", $5::jsonb, $6, $7, $8, $9, $9, $17)
         RETURNING "createdAt", "updatedAt"
       ), touched AS (
         UPDATE "Conversation" SET
           "lastActivityAt" = $9, "updatedAt" = $9, "unreadCount" = "unreadCount" + 1,
           "lastCustomerMessageAt" = CASE WHEN $10 THEN $8::timestamp ELSE "lastCustomerMessageAt" END,
           "lastMessagePreview" = CASE WHEN $10 THEN $11 ELSE "lastMessagePreview" END,
           "replyWindowKind" = CASE WHEN $12 THEN $13::"ReplyWindowKind" ELSE "replyWindowKind" END,
           "replyWindowOpenedAt" = CASE WHEN $12 THEN $8::timestamp ELSE "replyWindowOpenedAt" END,
           "replyWindowExpiresAt" = CASE WHEN $12 THEN $14::timestamp ELSE "replyWindowExpiresAt" END,
           "replyWindowRemaining" = CASE WHEN $12 THEN $15::int ELSE "replyWindowRemaining" END,
           status = CASE WHEN status = 'SNOOZED' THEN 'OPEN' ELSE status END,
           "snoozedUntil" = CASE WHEN status = 'SNOOZED' THEN NULL ELSE "snoozedUntil" END,
           "waitingSince" = CASE WHEN "waitingSince" IS NULL AND $16 THEN $8::timestamp ELSE "waitingSince" END
         WHERE id = $2
         RETURNING *
       )
       SELECT ${LIST_ROW_COLUMNS}, i."updatedAt" AS "messageUpdatedAt"
       FROM touched v
       CROSS JOIN inserted i
       JOIN "Customer" cu ON cu.id = v."customerId"
       JOIN "ChannelAccount" ch ON ch.id = v."channelAccountId"
       LEFT JOIN "Team" t ON t.id = v."teamId"`,
      [
        messageId,
        conversation.id,
        message.channelAccountId,
        message.content.type,
        JSON.stringify(message.content),
        text,
        message.externalMsgId,
        message.sentAt.toISOString(),
        now,
        isLatest,
        text.slice(0, 200),
        window !== null,
        window?.kind ?? null,
        window?.expiresAt.toISOString() ?? null,
        window?.remaining ?? null,
        message.window?.kind !== "CLOSE",
        searchTextOf(text),
      ],
    );
    const row = rows[0];
    if (!row) throw new Error("message insert returned nothing");
    const events = conversation.reopened
      ? await insertTimelineEvents(
          tx,
          [{ conversationId: conversation.id, content: { type: "EVENT", event: "reopened" } }],
          // Just before the message that reopened it, so the timeline reads in order.
          new Date(message.sentAt.getTime() - 1),
        )
      : [];
    const { item, isPrivateTeam } = toListRow(row);
    const dto: MessageDto = {
      id: messageId,
      conversationId: conversation.id,
      direction: "INBOUND",
      senderKind: "CUSTOMER",
      senderUserId: null,
      type: message.content.type,
      content: message.content,
      text,
      deliveryStatus: null,
      failureReason: null,
      sentAt: message.sentAt.toISOString(),
      updatedAt: row.messageUpdatedAt.toISOString(),
    };
    return {
      status: "created" as const,
      messageId,
      conversationId: conversation.id,
      opened: conversation.opened === true || conversation.reopened === true,
      publish: () => {
        for (const event of events) publish.toConversation(item.id, "message.created", event);
        publishConversationActivity({ conversation: item, isPrivateTeam, message: dto });
        // The queue changed only when this message put a conversation into it.
        if ((conversation.opened || conversation.reopened) && item.status === "QUEUED") requestQueueDrain();
      },
    };
  });
}

/** Stores an inbound message exactly once and tells the agents; safe to call again with the same message. */
export async function ingestInboundMessage(message: InboundMessage): Promise<IngestResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      // The first try skips the "seen" read: a replay fails the unique insert and is caught below.
      const { publish: publishAfterCommit, ...result } = await ingestOnce(message, attempt > 1);
      publishAfterCommit?.();
      return result;
    } catch (error) {
      // A concurrent copy of this message, or of this customer's first message, won the race:
      // the next attempt finds what it created.
      if (!isUniqueViolation(error) || attempt >= 4) throw error;
    }
  }
}
