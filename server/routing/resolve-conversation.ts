// Resolving ends the conversation for LoopDesk (the customer's next message opens or reopens one)
// and, on WeCom kf, ends the session there too (service_state 4), which gives the one goodbye
// message WeCom allows. On the Official Account and mini program a closing message is an
// ordinary reply and must fit the reply window.
import { z } from "zod";
import type { SessionUser } from "../auth/sessions";
import { getVisibleConversation } from "../conversations/get-visible-conversation";
import { publishConversationChanges } from "../conversations/publish-conversation";
import { MAX_TEXT_BYTES, sendAgentReply } from "../conversations/send-agent-reply";
import { insertTimelineEvents } from "../conversations/timeline-events";
import { db, getDatabase } from "../db/db";
import { enqueue } from "../jobs/enqueue";
import { deliverWebhooksSoon } from "../webhooks/deliver-webhooks";
import { emitWebhookEvents } from "../webhooks/webhook-events";
import { requestQueueDrain } from "./drain-queue";
import { assertMayHandle } from "./handling-rule";
import { lockRouting } from "./routing-lock";

export const resolveSchema = z.object({
  closingMessage: z
    .string()
    .trim()
    .min(1)
    .refine((text) => Buffer.byteLength(text) <= MAX_TEXT_BYTES, `最多 ${MAX_TEXT_BYTES} 字节`)
    .optional(),
});
export type ResolveInput = z.infer<typeof resolveSchema>;

export async function resolveConversation(user: SessionUser, conversationId: string, input: ResolveInput) {
  await getVisibleConversation(user, conversationId);
  const conversation = await db().conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: { status: true, assigneeId: true, channelAccount: { select: { kind: true } } },
  });
  if (conversation.status === "RESOLVED") return;
  assertMayHandle(user, conversation);
  const isKf = conversation.channelAccount.kind === "WECOM_KF";
  // Sent before resolving, so a window that no longer allows it refuses the whole action clearly.
  if (input.closingMessage && !isKf) await sendAgentReply(user, conversationId, { text: input.closingMessage });

  const now = new Date();
  const events = await getDatabase().transaction(async (tx) => {
    await lockRouting(tx);
    const { rows } = await tx.query<{ id: string; customerId: string }>(
      `UPDATE "Conversation" SET status = 'RESOLVED', "resolvedAt" = $2, "updatedAt" = $2, "activeKey" = NULL,
         "waitingSince" = NULL, "snoozedUntil" = NULL, "unreadCount" = 0
       WHERE id = $1 AND status <> 'RESOLVED' RETURNING id, "customerId"`,
      [conversationId, now.toISOString()],
    );
    const resolved = rows[0];
    if (!resolved) return null;
    // A conversation resolved again after a reopening is another event: its time tells them apart.
    await emitWebhookEvents(
      tx,
      [
        {
          type: "conversation.resolved",
          subjectKey: `conversation:${conversationId}`,
          occurrence: now.toISOString(),
          data: {
            conversationId,
            customerId: resolved.customerId,
            resolvedAt: now.toISOString(),
            resolvedBy: { id: user.id, name: user.name },
          },
        },
      ],
      now,
    );
    return insertTimelineEvents(
      tx,
      [{ conversationId, content: { type: "EVENT", event: "resolved", actor: { id: user.id, name: user.name } } }],
      now,
    );
  });
  if (!events) return;
  await publishConversationChanges([{ conversationId, messages: events }]);
  deliverWebhooksSoon();
  requestQueueDrain();
  if (isKf) {
    await enqueue(
      "wecom.end-session",
      { conversationId, closingMessage: input.closingMessage, senderUserId: user.id },
      { singletonKey: conversationId },
    );
  }
}
