import { z } from "zod";
import type { SessionUser } from "../auth/sessions";
import { db } from "../db/db";
import { conversationListSelect, toConversationListItem } from "./conversation-dto";
import { visibleConversationsFilter } from "./visible-conversations-filter";

export const listConversationsSchema = z.object({
  status: z.enum(["BOT", "QUEUED", "OPEN", "SNOOZED", "RESOLVED"]).optional(),
  /** Keyset cursor: the last row's "<lastActivityAt ISO>|<id>". */
  after: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|[a-z0-9]+$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListConversationsInput = z.infer<typeof listConversationsSchema>;

/** The inbox, most recent activity first, paged by keyset (never by offset). */
export async function listConversations(user: SessionUser, input: ListConversationsInput) {
  const [afterAt, afterId] = input.after?.split("|") ?? [];
  const rows = await db().conversation.findMany({
    where: {
      AND: [
        visibleConversationsFilter(user),
        input.status ? { status: input.status } : {},
        afterAt && afterId
          ? {
              OR: [
                { lastActivityAt: { lt: new Date(afterAt) } },
                { lastActivityAt: new Date(afterAt), id: { lt: afterId } },
              ],
            }
          : {},
      ],
    },
    orderBy: [{ lastActivityAt: "desc" }, { id: "desc" }],
    take: input.limit,
    select: conversationListSelect,
  });
  const items = rows.map(toConversationListItem);
  const last = items.at(-1);
  return { items, next: items.length === input.limit && last ? `${last.lastActivityAt}|${last.id}` : null };
}
