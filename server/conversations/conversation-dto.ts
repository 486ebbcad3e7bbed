import type { Prisma } from "../generated/prisma/client";

export const conversationListSelect = {
  id: true,
  status: true,
  priority: true,
  intent: true,
  summary: true,
  assigneeId: true,
  teamId: true,
  lastActivityAt: true,
  updatedAt: true,
  lastMessagePreview: true,
  unreadCount: true,
  waitingSince: true,
  queuedAt: true,
  tags: true,
  replyWindowKind: true,
  replyWindowExpiresAt: true,
  replyWindowRemaining: true,
  customer: { select: { id: true, name: true, avatarUrl: true, openAnomalyCount: true } },
  channelAccount: { select: { id: true, kind: true, name: true } },
  team: { select: { isPrivate: true } },
} satisfies Prisma.ConversationSelect;

type ConversationRow = Prisma.ConversationGetPayload<{ select: typeof conversationListSelect }>;
/** The conversation's own columns of a list row; its customer and channel come alongside. */
export type ConversationColumns = Omit<ConversationRow, "customer" | "channelAccount" | "team">;

/** A conversation as a row of the inbox list (and the realtime conversation.updated event). */
export function toConversationListItem(row: ConversationRow) {
  return listItemOf(row, row.customer, row.channelAccount);
}

/** The list item from its parts, for rows read with plain SQL where customer and channel are flat columns. */
export function listItemOf(
  row: ConversationColumns,
  customer: ConversationRow["customer"],
  channel: ConversationRow["channelAccount"],
) {
  return {
    id: row.id,
    status: row.status,
    priority: row.priority,
    /** What triage read in the customer's latest message (server/ai/triage/). */
    intent: row.intent,
    /** The bot's two lines for whoever takes over from it (server/ai/bot/handoff-summary.ts). */
    summary: row.summary,
    assigneeId: row.assigneeId,
    teamId: row.teamId,
    customer,
    channel,
    lastActivityAt: row.lastActivityAt.toISOString(),
    /** Orders copies of the same row that reach the browser out of order. */
    updatedAt: row.updatedAt.toISOString(),
    lastMessagePreview: row.lastMessagePreview,
    unreadCount: row.unreadCount,
    waitingSince: row.waitingSince?.toISOString() ?? null,
    queuedAt: row.queuedAt?.toISOString() ?? null,
    tags: row.tags,
    replyWindow: row.replyWindowKind
      ? {
          kind: row.replyWindowKind,
          expiresAt: row.replyWindowExpiresAt?.toISOString() ?? null,
          remaining: row.replyWindowRemaining,
        }
      : null,
  };
}

export type ConversationListItem = ReturnType<typeof listItemOf>;
