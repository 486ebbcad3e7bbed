import { z } from "zod";
import { can } from "../auth/permissions";
import type { SessionUser } from "../auth/sessions";
import { db, getDatabase } from "../db/db";
import { LIST_ROW_COLUMNS, type ListRow, toListRow } from "./conversation-list-row";
import { visibleConversationsFilter } from "./visible-conversations-filter";

const isoOrNull = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z|null)\|[a-z0-9]+$/;

export const listConversationsSchema = z.object({
  /** mine: assigned to me; queue: waiting for anyone; all: everything I may see. */
  view: z.enum(["mine", "queue", "all"]).default("all"),
  status: z.enum(["BOT", "QUEUED", "OPEN", "SNOOZED", "RESOLVED"]).optional(),
  channel: z.enum(["WECOM_KF", "OFFICIAL_ACCOUNT", "MINI_PROGRAM"]).optional(),
  teamId: z.string().min(1).max(64).optional(),
  tag: z.string().min(1).max(20).optional(),
  priority: z.enum(["LOW", "NORMAL", "HIGH", "URGENT"]).optional(),
  /** activity: latest activity first; waiting: longest-waiting customer first. */
  sort: z.enum(["activity", "waiting"]).default("activity"),
  /** Keyset cursor: the last row's "<sort key ISO or null>|<id>". */
  after: z.string().regex(isoOrNull).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListConversationsInput = z.infer<typeof listConversationsSchema>;

/** Builds the WHERE clause with numbered parameters. */
function whereClause(user: SessionUser, input: ListConversationsInput, params: unknown[]): string {
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions: string[] = [];
  // The rule of visible-conversations-filter.ts, in SQL.
  if (!can(user.role, "conversations.view_private")) {
    conditions.push(
      `(v."teamId" IS NULL OR NOT t."isPrivate" OR v."teamId" = ANY(${add(user.teamIds)}::text[]) OR v."assigneeId" = ${add(user.id)})`,
    );
  }
  const status = input.status ? add(input.status) : null;
  switch (input.view) {
    case "mine":
      conditions.push(`v."assigneeId" = ${add(user.id)}`);
      conditions.push(status ? `v.status = ${status}::"ConversationStatus"` : `v.status <> 'RESOLVED'`);
      break;
    case "queue":
      conditions.push(`v."assigneeId" IS NULL`);
      conditions.push(status ? `v.status = ${status}::"ConversationStatus"` : `v.status IN ('QUEUED', 'BOT')`);
      break;
    case "all":
      if (status) conditions.push(`v.status = ${status}::"ConversationStatus"`);
  }
  // The kind's channel ids up front, not a join: the planner then walks the status/activity index in
  // order and stops at the page size (as a join it sorted every open conversation: 100 ms at 100k).
  if (input.channel) {
    conditions.push(
      `v."channelAccountId" = ANY(ARRAY(SELECT id FROM "ChannelAccount" WHERE kind = ${add(input.channel)}::"ChannelKind"))`,
    );
  }
  if (input.teamId) conditions.push(`v."teamId" = ${add(input.teamId)}`);
  if (input.tag) conditions.push(`${add(input.tag)} = ANY(v.tags)`);
  if (input.priority) conditions.push(`v.priority = ${add(input.priority)}::"Priority"`);
  if (input.after) {
    const separator = input.after.lastIndexOf("|");
    const key = input.after.slice(0, separator);
    const id = add(input.after.slice(separator + 1));
    if (input.sort === "activity") {
      conditions.push(`(v."lastActivityAt", v.id) < (${add(key)}::timestamp, ${id})`);
    } else if (key === "null") {
      // Longest waiting first, then those nobody is waiting on (NULL), each by id.
      conditions.push(`v."waitingSince" IS NULL AND v.id > ${id}`);
    } else {
      const at = add(key);
      conditions.push(
        `(v."waitingSince" > ${at}::timestamp OR (v."waitingSince" = ${at}::timestamp AND v.id > ${id}) OR v."waitingSince" IS NULL)`,
      );
    }
  }
  return conditions.length > 0 ? conditions.join(" AND ") : "TRUE";
}

/**
 * The inbox: filtered, sorted and paged by keyset (never by offset), so page 200 costs what page 1
 * does. One SQL statement: it is the console's most frequent read. The page is chosen first and
 * only its rows are joined to their customers.
 */
export async function listConversations(user: SessionUser, input: ListConversationsInput) {
  const params: unknown[] = [];
  const where = whereClause(user, input, params);
  const order =
    input.sort === "activity" ? `v."lastActivityAt" DESC, v.id DESC` : `v."waitingSince" ASC NULLS LAST, v.id ASC`;
  params.push(input.limit);
  const { rows } = await getDatabase().sql.query<ListRow>(
    `SELECT ${LIST_ROW_COLUMNS}
     FROM (
       SELECT v.* FROM "Conversation" v
       LEFT JOIN "Team" t ON t.id = v."teamId"
       WHERE ${where}
       ORDER BY ${order}
       LIMIT $${params.length}
     ) v
     JOIN "Customer" cu ON cu.id = v."customerId"
     JOIN "ChannelAccount" ch ON ch.id = v."channelAccountId"
     LEFT JOIN "Team" t ON t.id = v."teamId"
     ORDER BY ${order}`,
    params,
  );
  const items = rows.map((row) => toListRow(row).item);
  const last = items.at(-1);
  const next =
    items.length === input.limit && last
      ? `${input.sort === "activity" ? last.lastActivityAt : (last.waitingSince ?? "null")}|${last.id}`
      : null;
  return { items, next };
}

/** The numbers on the inbox tabs: my active conversations, and those waiting for anyone. */
export async function countConversations(user: SessionUser) {
  const visible = visibleConversationsFilter(user);
  const [mine, queue, mineUnread] = await Promise.all([
    db().conversation.count({
      where: { AND: [visible, { assigneeId: user.id, status: { in: ["OPEN", "SNOOZED"] } }] },
    }),
    db().conversation.count({ where: { AND: [visible, { assigneeId: null, status: { in: ["QUEUED", "BOT"] } }] } }),
    db().conversation.count({
      where: { AND: [visible, { assigneeId: user.id, status: "OPEN", unreadCount: { gt: 0 } }] },
    }),
  ]);
  return { mine, queue, mineUnread };
}
