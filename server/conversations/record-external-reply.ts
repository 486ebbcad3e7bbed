// A reply sent outside LoopDesk (a servicer in the WeCom app) still belongs in the conversation's
// history, as an agent message already delivered. It opens no window and clears nobody's waiting.
import { db } from "../db/db";
import { isUniqueViolation } from "../db/unique-violation";
import { searchTextOf } from "../search/tokenize";
import { activeKey } from "./active-key";
import { describeContent, type MessageContent } from "./message-content";
import { toMessageDto } from "./message-dto";
import { publishConversationChanges } from "./publish-conversation";

export type ExternalReply = {
  channelAccountId: string;
  externalUserId: string;
  externalMsgId: string;
  sentAt: Date;
  content: MessageContent;
};

export async function recordExternalReply(reply: ExternalReply): Promise<"created" | "duplicate" | "skipped"> {
  const identity = await db().customerIdentity.findUnique({
    where: {
      channelAccountId_externalId: { channelAccountId: reply.channelAccountId, externalId: reply.externalUserId },
    },
    select: { customerId: true },
  });
  const conversation = identity
    ? await db().conversation.findUnique({
        where: { activeKey: activeKey(reply.channelAccountId, identity.customerId) },
        select: { id: true },
      })
    : null;
  if (!conversation) return "skipped";
  try {
    const message = await db().message.create({
      data: {
        conversationId: conversation.id,
        channelAccountId: reply.channelAccountId,
        direction: "OUTBOUND",
        senderKind: "AGENT",
        type: reply.content.type,
        body: reply.content,
        text: describeContent(reply.content),
        searchText: searchTextOf(describeContent(reply.content)),
        externalMsgId: reply.externalMsgId,
        deliveryStatus: "SENT",
        sentAt: reply.sentAt,
      },
    });
    // Updated without reading its relations back: Prisma would read them inside a transaction of
    // its own, as concurrent queries on one connection (pg@9 refuses that). Read after, on the pool.
    await db().conversation.update({
      where: { id: conversation.id },
      data: { lastActivityAt: new Date(), lastMessagePreview: describeContent(reply.content).slice(0, 200) },
      select: { id: true },
    });
    await publishConversationChanges([{ conversationId: conversation.id, messages: [toMessageDto(message)] }]);
    return "created";
  } catch (error) {
    if (isUniqueViolation(error)) return "duplicate";
    throw error;
  }
}
