// The inbox row read with plain SQL, for the two hot paths that cannot afford ORM round trips:
// ingestion (the row its update produced) and the inbox list itself.
import type { ConversationStatus, ReplyWindowKind } from "../generated/prisma/enums";
import { type ConversationListItem, listItemOf } from "./conversation-dto";

export type ListRow = {
  id: string;
  status: ConversationStatus;
  priority: ConversationListItem["priority"];
  intent: string | null;
  summary: string | null;
  assigneeId: string | null;
  teamId: string | null;
  lastActivityAt: Date;
  updatedAt: Date;
  lastMessagePreview: string | null;
  unreadCount: number;
  waitingSince: Date | null;
  replyWindowKind: ReplyWindowKind | null;
  replyWindowExpiresAt: Date | null;
  replyWindowRemaining: number | null;
  tags: string[];
  queuedAt: Date | null;
  customerName: string;
  customerAvatarUrl: string | null;
  customerOpenAnomalyCount: number;
  customerId: string;
  channelId: string;
  channelKind: ConversationListItem["channel"]["kind"];
  channelName: string;
  teamIsPrivate: boolean | null;
};

/** An inbox row in raw SQL: the conversation as `v`, joined to cu (customer), ch (channel), t (team). */
export const LIST_ROW_COLUMNS = `v.id, v.status, v.priority, v.intent, v.summary, v."assigneeId", v."teamId", v."lastActivityAt", v."updatedAt",
  v."lastMessagePreview", v."unreadCount", v."waitingSince", v."replyWindowKind", v."replyWindowExpiresAt",
  v."replyWindowRemaining", v.tags, v."queuedAt", cu.id AS "customerId", cu.name AS "customerName", cu."avatarUrl" AS "customerAvatarUrl",
  cu."openAnomalyCount" AS "customerOpenAnomalyCount",
  ch.id AS "channelId", ch.kind AS "channelKind", ch.name AS "channelName", t."isPrivate" AS "teamIsPrivate"`;

/**
 * Built from the row's fields, not as `{ ...row, customer, … }`: on Node 20 a literal that adds keys
 * after a spread gets a hidden class of its own on every call (docs/performance.md, "Object shapes").
 */
export function toListRow(row: ListRow) {
  return {
    isPrivateTeam: row.teamIsPrivate ?? false,
    item: listItemOf(
      row,
      {
        id: row.customerId,
        name: row.customerName,
        avatarUrl: row.customerAvatarUrl,
        openAnomalyCount: row.customerOpenAnomalyCount,
      },
      { id: row.channelId, kind: row.channelKind, name: row.channelName },
    ),
  };
}
