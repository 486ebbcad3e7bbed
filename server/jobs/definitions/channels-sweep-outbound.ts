import { deliverOutboundMessage } from "../../conversations/deliver-outbound-message";
import { toMessageDto } from "../../conversations/message-dto";
import { db } from "../../db/db";
import { publish } from "../../realtime/publish";
import { defineJob } from "../define-job";
import { channelsSweepOutboundContract } from "./channels-sweep-outbound.contract";

const MAX_ATTEMPTS = 5;
/** Younger messages are still being sent by the request that stored them. */
const GRACE_MS = 60_000;

export const channelsSweepOutboundJob = defineJob({
  ...channelsSweepOutboundContract,
  async handler(_payload, { log }) {
    const pending = await db().message.findMany({
      where: { direction: "OUTBOUND", deliveryStatus: "PENDING", createdAt: { lt: new Date(Date.now() - GRACE_MS) } },
      orderBy: { createdAt: "asc" },
      take: 200,
      select: { id: true, sendAttempts: true },
    });
    for (const message of pending) {
      if (message.sendAttempts < MAX_ATTEMPTS) {
        await deliverOutboundMessage(message.id);
        continue;
      }
      const { count } = await db().message.updateMany({
        where: { id: message.id, deliveryStatus: "PENDING" },
        data: {
          deliveryStatus: "FAILED",
          failureReason: `发送失败，已重试 ${MAX_ATTEMPTS} 次 / gave up after ${MAX_ATTEMPTS} tries`,
        },
      });
      if (count === 1) {
        const failed = await db().message.findUniqueOrThrow({ where: { id: message.id } });
        publish.toConversation(failed.conversationId, "message.updated", toMessageDto(failed));
      }
    }
    if (pending.length > 0) log.info({ messages: pending.length }, "retried pending outbound messages");
  },
});
