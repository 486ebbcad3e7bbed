import { db } from "../db/db";
import { rooms } from "../realtime/events";
import { publish } from "../realtime/publish";
import { type ConversationListItem, conversationListSelect, toConversationListItem } from "./conversation-dto";
import type { MessageDto } from "./message-dto";

/**
 * Who sees a conversation's list row change: everyone for an open team (or none), only the team,
 * the assignee and supervisors for a private one.
 */
export function conversationAudience(conversation: ConversationListItem, isPrivateTeam: boolean): string[] {
  if (!isPrivateTeam || !conversation.teamId) return [rooms.inbox];
  return [
    rooms.supervisors,
    rooms.team(conversation.teamId),
    ...(conversation.assigneeId ? [rooms.agent(conversation.assigneeId)] : []),
  ];
}

/** After commit: the new message to whoever has the conversation open, the list row to its audience. */
export function publishConversationActivity(options: {
  conversation: ConversationListItem;
  isPrivateTeam: boolean;
  message?: MessageDto;
}): void {
  if (options.message) publish.toConversation(options.conversation.id, "message.created", options.message);
  publish.toRooms(
    conversationAudience(options.conversation, options.isPrivateTeam),
    "conversation.updated",
    options.conversation,
  );
}

/**
 * After a routing or status change has committed: the timeline events to whoever has the
 * conversation open, the fresh list row to its audience, and, when the audience shrank (moved into
 * a private team), a removal to those who can no longer see it.
 */
export async function publishConversationChanges(
  changes: { conversationId: string; messages: MessageDto[]; previousAudience?: string[] }[],
): Promise<void> {
  if (changes.length === 0) return;
  const rows = await db().conversation.findMany({
    where: { id: { in: changes.map((change) => change.conversationId) } },
    select: conversationListSelect,
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const change of changes) {
    const row = byId.get(change.conversationId);
    if (!row) continue;
    const item = toConversationListItem(row);
    const audience = conversationAudience(item, row.team?.isPrivate ?? false);
    for (const message of change.messages) publish.toConversation(item.id, "message.created", message);
    publish.toRooms(audience, "conversation.updated", item);
    if (change.previousAudience) {
      publish.toRoomsExcept(change.previousAudience, audience, "conversation.removed", { id: item.id });
    }
  }
}
