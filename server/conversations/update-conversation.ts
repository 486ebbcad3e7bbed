import { z } from "zod";
import type { SessionUser } from "../auth/sessions";
import { db } from "../db/db";
import { getVisibleConversation } from "./get-visible-conversation";
import { publishConversationChanges } from "./publish-conversation";

const tagSchema = z.string().trim().min(1).max(20);

export const updateConversationSchema = z
  .object({
    priority: z.enum(["LOW", "NORMAL", "HIGH", "URGENT"]).optional(),
    tags: z
      .array(tagSchema)
      .max(20)
      .transform((tags) => [...new Set(tags)])
      .optional(),
  })
  .refine((input) => input.priority !== undefined || input.tags !== undefined, "nothing to change");
export type UpdateConversationInput = z.infer<typeof updateConversationSchema>;

/** Priority and tags: anyone who can see the conversation may set them. */
export async function updateConversation(user: SessionUser, conversationId: string, input: UpdateConversationInput) {
  await getVisibleConversation(user, conversationId);
  await db().conversation.update({
    where: { id: conversationId },
    data: {
      ...(input.priority ? { priority: input.priority } : {}),
      ...(input.tags ? { tags: input.tags } : {}),
    },
  });
  await publishConversationChanges([{ conversationId, messages: [] }]);
}

/** The assignee opened the conversation: its unread badge clears (for everyone watching the list). */
export async function markConversationRead(user: SessionUser, conversationId: string) {
  await getVisibleConversation(user, conversationId);
  const { count } = await db().conversation.updateMany({
    where: { id: conversationId, assigneeId: user.id, unreadCount: { gt: 0 } },
    data: { unreadCount: 0 },
  });
  if (count > 0) await publishConversationChanges([{ conversationId, messages: [] }]);
}
