import { z } from "zod";
import type { SessionUser } from "../auth/sessions";
import { db } from "../db/db";
import { getVisibleConversation } from "./get-visible-conversation";
import { toMessageDto } from "./message-dto";

export const listMessagesSchema = z.object({
  /** Keyset cursor for older messages: the oldest loaded message's "<sentAt ISO>|<id>". */
  before: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|[a-z0-9]+$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListMessagesInput = z.infer<typeof listMessagesSchema>;

/** One page of a conversation's messages, newest first from the cursor, returned oldest first. */
export async function listMessages(user: SessionUser, conversationId: string, input: ListMessagesInput) {
  await getVisibleConversation(user, conversationId);
  const [beforeAt, beforeId] = input.before?.split("|") ?? [];
  const rows = await db().message.findMany({
    where: {
      conversationId,
      ...(beforeAt && beforeId
        ? { OR: [{ sentAt: { lt: new Date(beforeAt) } }, { sentAt: new Date(beforeAt), id: { lt: beforeId } }] }
        : {}),
    },
    orderBy: [{ sentAt: "desc" }, { id: "desc" }],
    take: input.limit,
  });
  const oldest = rows.at(-1);
  return {
    items: rows.reverse().map(toMessageDto),
    before: rows.length === input.limit && oldest ? `${oldest.sentAt.toISOString()}|${oldest.id}` : null,
  };
}
