import { db } from "../db/db";
import { publish } from "../realtime/publish";
import { toMessageDto } from "./message-dto";

/** The platform could not deliver a message we sent: mark it FAILED with its reason and say so live. */
export async function markMessageFailed(options: { channelAccountId: string; externalMsgId: string; reason: string }) {
  const { count } = await db().message.updateMany({
    where: {
      channelAccountId: options.channelAccountId,
      externalMsgId: options.externalMsgId,
      direction: "OUTBOUND",
      deliveryStatus: { in: ["PENDING", "SENT"] },
    },
    data: { deliveryStatus: "FAILED", failureReason: options.reason },
  });
  if (count === 0) return false;
  const message = await db().message.findUniqueOrThrow({
    where: {
      channelAccountId_externalMsgId: {
        channelAccountId: options.channelAccountId,
        externalMsgId: options.externalMsgId,
      },
    },
  });
  publish.toConversation(message.conversationId, "message.updated", toMessageDto(message));
  return true;
}

/**
 * An Official Account's TEMPLATESENDJOBFINISH: WeChat's final word on a template message. Anything
 * but "success" (the customer blocked the account's notices, a system failure) marks it FAILED.
 */
export async function recordTemplateDelivery(options: {
  channelAccountId: string;
  openId: string;
  platformMsgId: string;
  status: string;
}) {
  if (options.status === "success") return false;
  const message = await db().message.findFirst({
    where: {
      channelAccountId: options.channelAccountId,
      type: "TEMPLATE",
      body: { path: ["platformMsgId"], equals: options.platformMsgId },
      conversation: {
        customer: { identities: { some: { channelAccountId: options.channelAccountId, externalId: options.openId } } },
      },
    },
    select: { id: true },
  });
  if (!message) {
    // The report can overtake the send's own answer, which is what records the msgid: while a
    // template message to this follower is still being sent, leave the event for the sweep to retry.
    const sending = await db().message.count({
      where: {
        channelAccountId: options.channelAccountId,
        type: "TEMPLATE",
        deliveryStatus: "PENDING",
        conversation: {
          customer: {
            identities: { some: { channelAccountId: options.channelAccountId, externalId: options.openId } },
          },
        },
      },
    });
    if (sending > 0) throw new Error("a template message to this follower is still being sent; its report waits");
    return false;
  }
  const { count } = await db().message.updateMany({
    where: { id: message.id, deliveryStatus: { in: ["PENDING", "SENT"] } },
    data: {
      deliveryStatus: "FAILED",
      failureReason: `微信未能送达模板消息 / WeChat could not deliver the template message (${options.status.slice(0, 64)})`,
    },
  });
  if (count === 0) return false;
  const updated = await db().message.findUniqueOrThrow({ where: { id: message.id } });
  publish.toConversation(updated.conversationId, "message.updated", toMessageDto(updated));
  return true;
}
