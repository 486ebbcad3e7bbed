import type { Message } from "../generated/prisma/client";
import { type MessageContent, messageContentSchema } from "./message-content";

export function toMessageDto(message: Message) {
  const content = messageContentSchema.safeParse(message.body);
  return {
    id: message.id,
    conversationId: message.conversationId,
    direction: message.direction,
    senderKind: message.senderKind,
    senderUserId: message.senderUserId,
    type: message.type,
    content: (content.success ? content.data : { type: "EVENT", event: "unsupported" }) as MessageContent,
    text: message.text,
    deliveryStatus: message.deliveryStatus,
    failureReason: message.failureReason,
    sentAt: message.sentAt.toISOString(),
    /** Orders copies of the same message that reach the browser by different paths (HTTP, socket). */
    updatedAt: message.updatedAt.toISOString(),
  };
}

export type MessageDto = ReturnType<typeof toMessageDto>;
