// The agent's last word when a WeCom kf session ends: sent on the end-of-session event with its
// msg_code (outside the reply quota), through the normal outbound path. A retry finds the message it
// created before, by its fixed client msgid.
import { db } from "../db/db";
import { publish } from "../realtime/publish";
import { searchTextOf } from "../search/tokenize";
import { deliverOutboundMessage, failOutboundMessage } from "./deliver-outbound-message";
import { toMessageDto } from "./message-dto";

export async function sendClosingMessage(options: {
  conversationId: string;
  text: string;
  senderUserId?: string;
  eventCode?: string;
}): Promise<void> {
  const { conversationId, text } = options;
  const conversation = await db().conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: { channelAccountId: true },
  });
  const externalMsgId = `end${conversationId}`.slice(0, 32);
  const message = await db().message.upsert({
    where: { channelAccountId_externalMsgId: { channelAccountId: conversation.channelAccountId, externalMsgId } },
    update: {},
    create: {
      conversationId,
      channelAccountId: conversation.channelAccountId,
      direction: "OUTBOUND",
      senderKind: "AGENT",
      senderUserId: options.senderUserId ?? null,
      type: "TEXT",
      body: { type: "TEXT", text },
      text,
      searchText: searchTextOf(text),
      externalMsgId,
      deliveryStatus: "PENDING",
    },
  });
  publish.toConversation(conversationId, "message.created", toMessageDto(message));
  if (!options.eventCode) {
    await failOutboundMessage(message.id, "WeCom gave no message code for the end of the session");
    return;
  }
  await deliverOutboundMessage(message.id, { eventCode: options.eventCode });
}
