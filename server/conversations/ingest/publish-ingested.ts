// After a batch commits: the new messages to the agents who have their conversations open, and the
// conversations' inbox rows to everyone who may see them.
import { publish } from "../../realtime/publish";
import { type ListRow, toListRow } from "../conversation-list-row";
import type { MessageDto } from "../message-dto";
import { publishConversationActivity } from "../publish-conversation";
import type { Accepted } from "./conversation-state";

export function publishIngested(batch: {
  accepted: Accepted[];
  reopenedEvents: MessageDto[];
  rows: ListRow[];
  now: string;
}) {
  for (const event of batch.reopenedEvents) publish.toConversation(event.conversationId, "message.created", event);
  for (const a of batch.accepted) {
    const { message } = a.pending;
    publish.toConversation(a.conversation.id, "message.created", {
      id: a.messageId,
      conversationId: a.conversation.id,
      direction: "INBOUND",
      senderKind: "CUSTOMER",
      senderUserId: null,
      type: message.content.type,
      content: message.content,
      text: a.text,
      deliveryStatus: null,
      failureReason: null,
      sentAt: message.sentAt.toISOString(),
      updatedAt: batch.now,
    });
  }
  for (const row of batch.rows) {
    const { item, isPrivateTeam } = toListRow(row);
    publishConversationActivity({ conversation: item, isPrivateTeam });
  }
}
