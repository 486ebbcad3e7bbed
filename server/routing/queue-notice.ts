// The queue notice: a customer whose conversation nobody has taken a few seconds after their
// message is told they are waiting (and their place in the queue). WeCom offers a one-time prompt
// for sessions in its own queue (state 2), but LoopDesk keeps kf sessions at 1 so that its agents
// can reply through the API (docs/wechat-protocols.md §2.5); the notice is therefore an ordinary
// message, the same on every channel: within the reply window and its quota, never the last reply
// the window allows (that one is the agent's), at most one per customer message. It is scheduled
// when a customer's message queues the conversation, and when an agent goes offline before
// answering. Each channel sets its own text in Settings; without one, nothing is sent.
import { createHash } from "node:crypto";
import { renderVariables } from "../canned-replies/render-canned-reply";
import { scheduleDelivery } from "../conversations/deliver-outbound-message";
import { toMessageDto } from "../conversations/message-dto";
import { publishConversationChanges } from "../conversations/publish-conversation";
import { db } from "../db/db";
import type { Prisma } from "../generated/prisma/client";
import { enqueue } from "../jobs/enqueue";
import { searchTextOf } from "../search/tokenize";

/** Long enough for an online agent with room to be assigned first (a drain pass takes milliseconds). */
export const QUEUE_NOTICE_DELAY_SECONDS = 3;

export type QueuedConversation = { id: string; queuedAt: Date };

/** After commit, for conversations a customer's message has just put in the queue. */
export async function scheduleQueueNotices(conversations: QueuedConversation[]): Promise<void> {
  for (const { id, queuedAt } of conversations) {
    const at = queuedAt.toISOString();
    await enqueue(
      "routing.send-queue-notice",
      { conversationId: id, queuedAt: at },
      { singletonKey: `${id}:${at}`, startAfterSeconds: QUEUE_NOTICE_DELAY_SECONDS },
    );
  }
}

/** The notice's client msgid: the same for every attempt at one queue entry, so retries send it once. */
const NOTICE_PREFIX = "qn";
const noticeMsgId = (conversationId: string, queuedAt: Date) =>
  `${NOTICE_PREFIX}${createHash("sha256").update(`${conversationId}:${queuedAt.toISOString()}`).digest("base64url").slice(0, 22)}`;

export type QueueNoticeOutcome = "sent" | "already-sent" | "not-waiting" | "off" | "no-reply-to-spare";

/** Sends the notice if the conversation still waits in the queue it entered at `queuedAt`. */
export async function sendQueueNotice(conversationId: string, queuedAt: Date): Promise<QueueNoticeOutcome> {
  const conversation = await db().conversation.findUnique({
    where: { id: conversationId },
    select: { channelAccountId: true, channelAccount: { select: { queueNotice: true } } },
  });
  const notice = conversation?.channelAccount.queueNotice;
  if (!conversation) return "not-waiting";
  if (!notice) return "off";
  const externalMsgId = noticeMsgId(conversationId, queuedAt);
  const existing = await db().message.findUnique({
    where: { channelAccountId_externalMsgId: { channelAccountId: conversation.channelAccountId, externalMsgId } },
    select: { id: true, deliveryStatus: true },
  });
  if (existing) {
    // A retry after the commit: make sure it is on its way (the outbound sweep would, later).
    if (existing.deliveryStatus === "PENDING") await scheduleDelivery(conversationId, existing.id);
    return "already-sent";
  }

  const now = new Date();
  const stored = await db().$transaction(async (tx) => {
    if (await toldSinceLastMessage(tx, conversationId)) return "already-sent" as const;
    const spent = await spareReply(tx, conversationId, queuedAt, now);
    if (spent !== "spent") return spent;
    const waiting = await tx.conversation.findUniqueOrThrow({
      where: { id: conversationId },
      select: { teamId: true, waitingSince: true, queuedAt: true, customer: { select: { name: true } } },
    });
    const text = renderVariables(notice, {
      "customer.name": waiting.customer.name,
      "queue.position": String(await queuePosition(tx, conversationId, waiting)),
    });
    const message = await tx.message.create({
      data: {
        conversationId,
        channelAccountId: conversation.channelAccountId,
        direction: "OUTBOUND",
        senderKind: "SYSTEM",
        type: "TEXT",
        body: { type: "TEXT", text },
        text,
        searchText: searchTextOf(text),
        externalMsgId,
        deliveryStatus: "PENDING",
        sentAt: now,
      },
    });
    // The customer still waits for a person: waiting time, first response and status stay as they
    // are, and the inbox keeps showing the customer's own words (the row changes for its window).
    await tx.conversation.update({ where: { id: conversationId }, data: { updatedAt: now }, select: { id: true } });
    return { message };
  });
  if (typeof stored === "string") return stored;
  // The list row is read after commit (see sendAgentOutbound).
  await publishConversationChanges([{ conversationId, messages: [toMessageDto(stored.message)] }]);
  await scheduleDelivery(conversationId, stored.message.id);
  return "sent";
}

/** Whether the customer has had a notice since their last message (the conversation is locked first). */
async function toldSinceLastMessage(tx: Prisma.TransactionClient, conversationId: string): Promise<boolean> {
  const [locked] = await tx.$queryRaw<{ lastCustomerMessageAt: Date | null }[]>`
    SELECT "lastCustomerMessageAt" FROM "Conversation" WHERE id = ${conversationId} FOR UPDATE`;
  const told = await tx.message.count({
    where: {
      conversationId,
      direction: "OUTBOUND",
      senderKind: "SYSTEM",
      externalMsgId: { startsWith: NOTICE_PREFIX },
      ...(locked?.lastCustomerMessageAt ? { sentAt: { gte: locked.lastCustomerMessageAt } } : {}),
    },
  });
  return told > 0;
}

/**
 * Takes one reply from the window for the notice, in one guarded update per window kind: only
 * while the conversation is still in the same queue entry, and only when a reply is left after it.
 */
async function spareReply(
  tx: Prisma.TransactionClient,
  conversationId: string,
  queuedAt: Date,
  now: Date,
): Promise<"spent" | "not-waiting" | "no-reply-to-spare"> {
  const waiting = { id: conversationId, status: "QUEUED" as const, assigneeId: null, queuedAt };
  const open = { replyWindowExpiresAt: { gt: now } };
  const limited = await tx.conversation.updateMany({
    where: { ...waiting, ...open, replyWindowRemaining: { gte: 2 } },
    data: { replyWindowRemaining: { decrement: 1 } },
  });
  if (limited.count === 1) return "spent";
  const unlimited = await tx.conversation.updateMany({
    where: { ...waiting, ...open, replyWindowRemaining: null },
    data: { updatedAt: now },
  });
  if (unlimited.count === 1) return "spent";
  const still = await tx.conversation.count({ where: waiting });
  return still === 1 ? "no-reply-to-spare" : "not-waiting";
}

/** 1 for the next conversation its team's agents will take: routing takes the longest wait first. */
async function queuePosition(
  tx: Prisma.TransactionClient,
  conversationId: string,
  waiting: { teamId: string | null; waitingSince: Date | null; queuedAt: Date | null },
): Promise<number> {
  const since = waiting.waitingSince ?? waiting.queuedAt ?? new Date();
  const ahead = await tx.conversation.count({
    where: {
      status: "QUEUED",
      assigneeId: null,
      teamId: waiting.teamId,
      id: { not: conversationId },
      waitingSince: { lt: since },
    },
  });
  return ahead + 1;
}
