import type { SessionUser } from "../auth/sessions";
import { db } from "../db/db";
import { conversationListSelect, toConversationListItem } from "./conversation-dto";
import { getVisibleConversation } from "./get-visible-conversation";

/** One conversation as its list row, if this user may see it (a deep link, a row not yet loaded). */
export async function getConversation(user: SessionUser, conversationId: string) {
  await getVisibleConversation(user, conversationId);
  const row = await db().conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: conversationListSelect,
  });
  return toConversationListItem(row);
}
