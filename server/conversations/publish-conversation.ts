import { rooms } from "../realtime/events";
import { publish } from "../realtime/publish";
import type { ConversationListItem } from "./conversation-dto";
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
