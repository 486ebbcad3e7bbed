import type { SessionUser } from "../auth/sessions";
import { db } from "../db/db";
import { AppError, localized } from "../errors";
import { visibleConversationsFilter } from "./visible-conversations-filter";

/**
 * The conversation if this user may see it, by the same rule the inbox lists with. A private team's
 * conversation is NOT_FOUND (not FORBIDDEN) for outsiders, so they cannot even learn that it exists.
 */
export async function getVisibleConversation(user: SessionUser, conversationId: string) {
  const conversation = await db().conversation.findFirst({
    where: { AND: [{ id: conversationId }, visibleConversationsFilter(user)] },
    select: { id: true, teamId: true, assigneeId: true, customerId: true },
  });
  if (!conversation) throw new AppError("NOT_FOUND", localized("error.conversationNotFound"));
  return conversation;
}
