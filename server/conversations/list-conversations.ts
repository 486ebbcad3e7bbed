import { z } from "zod";
import type { SessionUser } from "../auth/sessions";
import { db } from "../db/db";
import type { Prisma } from "../generated/prisma/client";
import { conversationListSelect, toConversationListItem } from "./conversation-dto";
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

function viewFilter(user: SessionUser, input: ListConversationsInput): Prisma.ConversationWhereInput {
  switch (input.view) {
    case "mine":
      return { assigneeId: user.id, status: input.status ?? { not: "RESOLVED" } };
    case "queue":
      return { assigneeId: null, status: input.status ?? { in: ["QUEUED", "BOT"] } };
    case "all":
      return input.status ? { status: input.status } : {};
  }
}

function keysetFilter(input: ListConversationsInput): Prisma.ConversationWhereInput {
  if (!input.after) return {};
  const separator = input.after.lastIndexOf("|");
  const key = input.after.slice(0, separator);
  const id = input.after.slice(separator + 1);
  if (input.sort === "activity") {
    const at = new Date(key);
    return { OR: [{ lastActivityAt: { lt: at } }, { lastActivityAt: at, id: { lt: id } }] };
  }
  // Longest waiting first, then those nobody is waiting on (NULL), each by id.
  if (key === "null") return { waitingSince: null, id: { gt: id } };
  const at = new Date(key);
  return {
    OR: [{ waitingSince: { gt: at } }, { waitingSince: at, id: { gt: id } }, { waitingSince: null }],
  };
}

/** The inbox: filtered, sorted and paged by keyset (never by offset), so page 200 costs what page 1 does. */
export async function listConversations(user: SessionUser, input: ListConversationsInput) {
  const rows = await db().conversation.findMany({
    where: {
      AND: [
        visibleConversationsFilter(user),
        viewFilter(user, input),
        input.channel ? { channelAccount: { kind: input.channel } } : {},
        input.teamId ? { teamId: input.teamId } : {},
        input.tag ? { tags: { has: input.tag } } : {},
        input.priority ? { priority: input.priority } : {},
        keysetFilter(input),
      ],
    },
    orderBy:
      input.sort === "activity"
        ? [{ lastActivityAt: "desc" }, { id: "desc" }]
        : [{ waitingSince: { sort: "asc", nulls: "last" } }, { id: "asc" }],
    take: input.limit,
    select: conversationListSelect,
  });
  const items = rows.map(toConversationListItem);
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
