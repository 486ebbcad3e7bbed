// An agent's reply: checked against the channel's window and quota (one guarded update, so two
// agents can never both spend the last allowed reply), stored PENDING under a client msgid, shown
// at once, then delivered right after commit; the outbound sweep retries what is left pending.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { SessionUser } from "../auth/sessions";
import { db } from "../db/db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { runInBackground } from "../jobs/background-work";
import { searchTextOf } from "../search/tokenize";
import { conversationListSelect, toConversationListItem } from "./conversation-dto";
import { scheduleDelivery } from "./deliver-outbound-message";
import { getVisibleConversation } from "./get-visible-conversation";
import { toMessageDto } from "./message-dto";
import { publishConversationActivity } from "./publish-conversation";

/** WeChat's text limit: 2048 bytes of UTF-8. */
export const MAX_TEXT_BYTES = 2048;

export const sendReplySchema = z.object({
  text: z
    .string()
    .trim()
    .min(1)
    .refine(
      (text) => Buffer.byteLength(text) <= MAX_TEXT_BYTES,
      `最多 ${MAX_TEXT_BYTES} 字节 / at most ${MAX_TEXT_BYTES} bytes`,
    ),
  /** Lets a client retry a send without sending twice. */
  clientMsgId: z
    .string()
    .regex(/^[0-9A-Za-z_-]{8,32}$/)
    .optional(),
});
export type SendReplyInput = z.infer<typeof sendReplySchema>;

async function spendReply(tx: Prisma.TransactionClient, conversationId: string, now: Date): Promise<void> {
  const limited = await tx.conversation.updateMany({
    where: { id: conversationId, replyWindowExpiresAt: { gt: now }, replyWindowRemaining: { gt: 0 } },
    data: { replyWindowRemaining: { decrement: 1 } },
  });
  if (limited.count === 1) return;
  const unlimited = await tx.conversation.updateMany({
    where: { id: conversationId, replyWindowExpiresAt: { gt: now }, replyWindowRemaining: null },
    data: { lastActivityAt: now },
  });
  if (unlimited.count === 1) return;
  const window = await tx.conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: { replyWindowExpiresAt: true },
  });
  if (window.replyWindowExpiresAt && window.replyWindowExpiresAt > now) {
    throw new AppError(
      "REPLY_QUOTA_EXHAUSTED",
      "本轮可回复的消息已用完，需等客户再次发消息 / All replies this window allows are used; wait for the customer to write again",
    );
  }
  throw new AppError(
    "REPLY_WINDOW_CLOSED",
    "回复时限已过（客户最后一条消息后 48 小时）/ The reply window has closed (48 hours after the customer's last message)",
  );
}

export async function sendAgentReply(user: SessionUser, conversationId: string, input: SendReplyInput) {
  await getVisibleConversation(user, conversationId);
  const conversation = await db().conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: { status: true, channelAccountId: true },
  });
  const clientMsgId = input.clientMsgId ?? `ld${randomBytes(15).toString("base64url")}`;
  const repeated = await db().message.findUnique({
    where: {
      channelAccountId_externalMsgId: { channelAccountId: conversation.channelAccountId, externalMsgId: clientMsgId },
    },
  });
  if (repeated) return toMessageDto(repeated);
  if (conversation.status === "RESOLVED") {
    throw new AppError(
      "CONVERSATION_RESOLVED",
      "会话已解决，请先重新打开 / The conversation is resolved; reopen it first",
    );
  }

  const now = new Date();
  let sent: Awaited<ReturnType<typeof storeReply>>;
  try {
    sent = await db().$transaction((tx) => storeReply(tx, { user, conversationId, input, clientMsgId, now }));
  } catch (error) {
    // The same clientMsgId sent twice at once: the other request stored it.
    if ((error as { code?: unknown }).code !== "P2002") throw error;
    return toMessageDto(
      await db().message.findUniqueOrThrow({
        where: {
          channelAccountId_externalMsgId: {
            channelAccountId: conversation.channelAccountId,
            externalMsgId: clientMsgId,
          },
        },
      }),
    );
  }
  const { message, updated } = sent;
  const dto = toMessageDto(message);
  publishConversationActivity({
    conversation: toConversationListItem(updated),
    isPrivateTeam: updated.team?.isPrivate ?? false,
    message: dto,
  });
  runInBackground(() => scheduleDelivery(conversationId, message.id));
  return dto;
}

async function storeReply(
  tx: Prisma.TransactionClient,
  options: { user: SessionUser; conversationId: string; input: SendReplyInput; clientMsgId: string; now: Date },
) {
  const { user, conversationId, input, clientMsgId, now } = options;
  await spendReply(tx, conversationId, now);
  const current = await tx.conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: { firstResponseAt: true, assigneeId: true, status: true, channelAccountId: true },
  });
  const message = await tx.message.create({
    data: {
      conversationId,
      channelAccountId: current.channelAccountId,
      direction: "OUTBOUND",
      senderKind: "AGENT",
      senderUserId: user.id,
      type: "TEXT",
      body: { type: "TEXT", text: input.text },
      text: input.text,
      searchText: searchTextOf(input.text),
      externalMsgId: clientMsgId,
      deliveryStatus: "PENDING",
      sentAt: now,
    },
  });
  const updated = await tx.conversation.update({
    where: { id: conversationId },
    data: {
      lastActivityAt: now,
      lastMessagePreview: input.text.slice(0, 200),
      waitingSince: null,
      unreadCount: 0,
      firstResponseAt: current.firstResponseAt ?? now,
      // Replying to a waiting conversation takes it.
      ...(current.status === "QUEUED" || current.status === "BOT" ? { status: "OPEN" as const } : {}),
      ...(current.assigneeId ? {} : { assigneeId: user.id, assignedAt: now }),
    },
    select: conversationListSelect,
  });
  return { message, updated };
}
