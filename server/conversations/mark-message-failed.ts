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
