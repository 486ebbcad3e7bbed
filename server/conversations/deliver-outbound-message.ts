// Sends a PENDING outbound message through its channel's adapter and records what the platform
// said: SENT, or FAILED with its reason. Transient failures leave it PENDING for the outbound sweep.
import { getChannelConnection } from "../channels/accounts/get-callback-account";
import type { OutboundContent } from "../channels/channel-adapter";
import { channelAdapters } from "../channels/registry";
import { db } from "../db/db";
import type { Prisma } from "../generated/prisma/client";
import { createSerialQueues } from "../jobs/serial-queues";
import { createLogger } from "../logger";
import { publish } from "../realtime/publish";
import { messageContentSchema } from "./message-content";
import { toMessageDto } from "./message-dto";

const log = createLogger("outbound");

// Replies must reach the customer in the order the agent wrote them: one delivery at a time per
// conversation, in this process (a conversation is served by the instance its agent talks to).
const deliveries = createSerialQueues();

/** Queues a message's delivery behind earlier ones of the same conversation. */
export function scheduleDelivery(conversationId: string, messageId: string): Promise<void> {
  return deliveries.run(conversationId, () => deliverOutboundMessage(messageId));
}

async function finish(
  messageId: string,
  data: { deliveryStatus: "SENT" | "FAILED"; failureReason?: string; body?: Prisma.InputJsonValue },
) {
  const { count } = await db().message.updateMany({ where: { id: messageId, deliveryStatus: "PENDING" }, data });
  if (count === 0) return;
  const message = await db().message.findUniqueOrThrow({ where: { id: messageId } });
  publish.toConversation(message.conversationId, "message.updated", toMessageDto(message));
}

/** What an agent's stored message asks the channel to send. */
function toOutboundContent(body: unknown, text: string | null): OutboundContent {
  const content = messageContentSchema.safeParse(body);
  if (content.success && (content.data.type === "IMAGE" || content.data.type === "FILE")) {
    return { type: content.data.type, mediaId: content.data.mediaId };
  }
  if (content.success && content.data.type === "TEMPLATE") {
    const { templateId, fields, link } = content.data;
    return { type: "TEMPLATE", templateId, link, data: Object.fromEntries(fields.map((f) => [f.key, f.value])) };
  }
  if (
    content.success &&
    (content.data.type === "ORDER_CARD" ||
      content.data.type === "TRACKING_CARD" ||
      content.data.type === "PRODUCT_CARD")
  ) {
    const { title, description, url, miniProgram, thumbMediaId } = content.data;
    return { type: "CARD", card: { title, description, url, miniProgram, thumbMediaId } };
  }
  return { type: "TEXT", text: text ?? "" };
}

/** Marks a message that cannot be sent at all FAILED, with the reason the agent will see. */
export function failOutboundMessage(messageId: string, reason: string): Promise<void> {
  return finish(messageId, { deliveryStatus: "FAILED", failureReason: reason });
}

/** `eventCode`: see OutboundMessage; only the first delivery has it (it lasts 20 s). */
export async function deliverOutboundMessage(messageId: string, options: { eventCode?: string } = {}): Promise<void> {
  const claimed = await db().message.updateMany({
    where: { id: messageId, deliveryStatus: "PENDING", direction: "OUTBOUND" },
    data: { sendAttempts: { increment: 1 } },
  });
  if (claimed.count === 0) return;
  try {
    const message = await db().message.findUniqueOrThrow({
      where: { id: messageId },
      include: { conversation: { select: { customerId: true, channelAccountId: true } } },
    });
    const { connection, kind, openKfId } = await getChannelConnection(message.channelAccountId);
    const identity = await db().customerIdentity.findFirstOrThrow({
      where: { customerId: message.conversation.customerId, channelAccountId: message.channelAccountId },
      select: { externalId: true },
    });
    const outcome = await channelAdapters[kind].send({
      connection,
      openKfId,
      toUser: identity.externalId,
      clientMsgId: message.externalMsgId ?? message.id,
      content: toOutboundContent(message.body, message.text),
      eventCode: options.eventCode,
    });
    if (outcome.status === "sent") {
      // Kept with the message: the platform's later report on it (TEMPLATESENDJOBFINISH) names it so.
      const body =
        outcome.platformMsgId && message.body && typeof message.body === "object" && !Array.isArray(message.body)
          ? { ...message.body, platformMsgId: outcome.platformMsgId }
          : undefined;
      return await finish(messageId, { deliveryStatus: "SENT", ...(body ? { body } : {}) });
    }
    await finish(messageId, { deliveryStatus: "FAILED", failureReason: outcome.reason });
    if (outcome.code === "WINDOW_CLOSED" || outcome.code === "QUOTA_EXHAUSTED") {
      // The platform knows better than our ledger: stop offering replies it will refuse.
      await db().conversation.update({
        where: { id: message.conversationId },
        data: { replyWindowRemaining: 0 },
      });
    }
  } catch (error) {
    log.warn({ err: error, messageId }, "send failed for now; the outbound sweep will retry");
  }
}
