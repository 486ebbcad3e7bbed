// An agent's reply: checked against the channel's window and quota (one guarded update, so two
// agents can never both spend the last allowed reply), stored PENDING under a client msgid, shown
// at once, then delivered right after commit; the outbound sweep retries what is left pending.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { SessionUser } from "../auth/sessions";
import { db } from "../db/db";
import { AppError, localized } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { runInBackground } from "../jobs/background-work";
import { searchTextOf } from "../search/tokenize";
import { scheduleDelivery } from "./deliver-outbound-message";
import { getVisibleConversation } from "./get-visible-conversation";
import type { MessageContent } from "./message-content";
import { toMessageDto } from "./message-dto";
import { publishConversationChanges } from "./publish-conversation";

/** WeChat's text limit: 2048 bytes of UTF-8. */
export const MAX_TEXT_BYTES = 2048;

/** Lets a client retry a send without sending twice. */
export const clientMsgIdSchema = z
  .string()
  .regex(/^[0-9A-Za-z_-]{8,32}$/)
  .optional();

export const sendReplySchema = z.object({
  text: z
    .string()
    .trim()
    .min(1)
    .refine(
      (text) => Buffer.byteLength(text) <= MAX_TEXT_BYTES,
      `最多 ${MAX_TEXT_BYTES} 字节 / at most ${MAX_TEXT_BYTES} bytes`,
    ),
  clientMsgId: clientMsgIdSchema,
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
  throw windowError(window.replyWindowExpiresAt, now);
}

/** Why no reply may be sent now: the window's replies are used up, or it has closed. */
function windowError(expiresAt: Date | null, now: Date): AppError {
  if (expiresAt && expiresAt > now) {
    return new AppError("REPLY_QUOTA_EXHAUSTED", localized("error.replyQuotaExhausted"));
  }
  return new AppError("REPLY_WINDOW_CLOSED", localized("error.replyWindowClosed"));
}

/** Refuses early what the window will refuse anyway, before anything slow (an upload) is done. */
export async function assertReplyAllowed(conversationId: string, now: Date): Promise<void> {
  const window = await db().conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: { replyWindowExpiresAt: true, replyWindowRemaining: true },
  });
  const open =
    window.replyWindowExpiresAt !== null &&
    window.replyWindowExpiresAt > now &&
    (window.replyWindowRemaining === null || window.replyWindowRemaining > 0);
  if (!open) throw windowError(window.replyWindowExpiresAt, now);
}

/** What an agent sends, once it is ready: the stored body and its one-line text. */
export type OutboundDraft = { content: MessageContent; text: string };

export type SendOutboundOptions = {
  clientMsgId?: string;
  /** Template and subscription messages are outside the customer-service window and its quota. */
  outsideWindow?: boolean;
  /** Builds the message (for media: checks and uploads) once the conversation is known to accept it. */
  compose(conversation: { id: string; channelAccountId: string }): Promise<OutboundDraft>;
};

/**
 * Any agent message to the customer: visible, not resolved, not sent before under this client id,
 * within the window (spent in the same transaction that stores it), then delivered after commit.
 */
export async function sendAgentOutbound(user: SessionUser, conversationId: string, options: SendOutboundOptions) {
  await getVisibleConversation(user, conversationId);
  const conversation = await db().conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: { status: true, channelAccountId: true },
  });
  const clientMsgId = options.clientMsgId ?? `ld${randomBytes(15).toString("base64url")}`;
  const byClientId = {
    channelAccountId_externalMsgId: { channelAccountId: conversation.channelAccountId, externalMsgId: clientMsgId },
  };
  const repeated = await db().message.findUnique({ where: byClientId });
  if (repeated) return toMessageDto(repeated);
  if (conversation.status === "RESOLVED") {
    throw new AppError("CONVERSATION_RESOLVED", localized("error.conversationResolved"));
  }
  const draft = await options.compose({ id: conversationId, channelAccountId: conversation.channelAccountId });

  const now = new Date();
  let sent: Awaited<ReturnType<typeof storeReply>>;
  try {
    sent = await db().$transaction((tx) =>
      storeReply(tx, { user, conversationId, draft, clientMsgId, now, outsideWindow: options.outsideWindow ?? false }),
    );
  } catch (error) {
    // The same clientMsgId sent twice at once: the other request stored it.
    if ((error as { code?: unknown }).code !== "P2002") throw error;
    return toMessageDto(await db().message.findUniqueOrThrow({ where: byClientId }));
  }
  const dto = toMessageDto(sent.message);
  // The list row is read after commit, on the pool: read inside the transaction, its relations
  // went out as concurrent queries on the transaction's one connection (pg@9 refuses that).
  // The delivery starts after message.created is out (its status updates must not overtake it),
  // and whatever became of publishing: the reply is stored and must leave.
  try {
    await publishConversationChanges([{ conversationId, messages: [dto] }]);
  } finally {
    runInBackground(() => scheduleDelivery(conversationId, sent.message.id));
  }
  return dto;
}

export function sendAgentReply(user: SessionUser, conversationId: string, input: SendReplyInput) {
  return sendAgentOutbound(user, conversationId, {
    clientMsgId: input.clientMsgId,
    compose: async () => ({ content: { type: "TEXT", text: input.text }, text: input.text }),
  });
}

async function storeReply(
  tx: Prisma.TransactionClient,
  options: {
    user: SessionUser;
    conversationId: string;
    draft: OutboundDraft;
    clientMsgId: string;
    now: Date;
    outsideWindow: boolean;
  },
) {
  const { user, conversationId, draft, clientMsgId, now } = options;
  if (!options.outsideWindow) await spendReply(tx, conversationId, now);
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
      type: draft.content.type,
      body: draft.content,
      text: draft.text,
      searchText: searchTextOf(draft.text),
      externalMsgId: clientMsgId,
      deliveryStatus: "PENDING",
      sentAt: now,
    },
  });
  await tx.conversation.update({
    where: { id: conversationId },
    data: {
      lastActivityAt: now,
      lastMessagePreview: draft.text.slice(0, 200),
      waitingSince: null,
      unreadCount: 0,
      firstResponseAt: current.firstResponseAt ?? now,
      // Replying to a waiting conversation takes it.
      ...(current.status === "QUEUED" || current.status === "BOT" ? { status: "OPEN" as const } : {}),
      ...(current.assigneeId ? {} : { assigneeId: user.id, assignedAt: now }),
    },
    select: { id: true },
  });
  return { message };
}
