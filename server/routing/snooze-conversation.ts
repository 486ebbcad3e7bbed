// "Later": a snoozed conversation leaves the agent's active list (and their load) until its time,
// or until the customer writes again (ingestion wakes it).
import { z } from "zod";
import type { SessionUser } from "../auth/sessions";
import { getVisibleConversation } from "../conversations/get-visible-conversation";
import { publishConversationChanges } from "../conversations/publish-conversation";
import { insertTimelineEvents } from "../conversations/timeline-events";
import { db, getDatabase } from "../db/db";
import { AppError, localized } from "../errors";
import { enqueue } from "../jobs/enqueue";
import { requestQueueDrain } from "./drain-queue";
import { assertMayHandle } from "./handling-rule";
import { lockRouting } from "./routing-lock";

const MAX_SNOOZE_MS = 30 * 24 * 3600_000;

export const snoozeSchema = z.object({ until: z.coerce.date() });
export type SnoozeInput = z.infer<typeof snoozeSchema>;

export async function snoozeConversation(user: SessionUser, conversationId: string, input: SnoozeInput) {
  await getVisibleConversation(user, conversationId);
  const now = new Date();
  const delayMs = input.until.getTime() - now.getTime();
  if (delayMs < 60_000 || delayMs > MAX_SNOOZE_MS) {
    throw new AppError("INVALID_INPUT", localized("error.snoozeTimeOutOfRange"));
  }
  const conversation = await db().conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: { status: true, assigneeId: true },
  });
  if (conversation.status === "RESOLVED") {
    throw new AppError("CONVERSATION_RESOLVED", localized("error.conversationResolved"));
  }
  assertMayHandle(user, conversation);
  const events = await getDatabase().transaction(async (tx) => {
    await lockRouting(tx);
    // Snoozing a waiting conversation takes it: whoever snoozes it comes back to it.
    await tx.query(
      `UPDATE "Conversation" SET status = 'SNOOZED', "snoozedUntil" = $2, "updatedAt" = $3,
         "assigneeId" = coalesce("assigneeId", $4), "assignedAt" = coalesce("assignedAt", $3)
       WHERE id = $1`,
      [conversationId, input.until.toISOString(), now.toISOString(), user.id],
    );
    return insertTimelineEvents(
      tx,
      [
        {
          conversationId,
          content: {
            type: "EVENT",
            event: "snoozed",
            detail: input.until.toISOString(),
            actor: { id: user.id, name: user.name },
          },
        },
      ],
      now,
    );
  });
  await publishConversationChanges([{ conversationId, messages: events }]);
  await enqueue("conversations.wake-snoozed", { conversationId }, { startAfterSeconds: Math.ceil(delayMs / 1000) });
  requestQueueDrain();
}

/**
 * Wakes snoozed conversations whose time has come: back to their agent if they are not offline,
 * to the queue otherwise. One conversation (its timer job) or all overdue ones (the sweep).
 */
export async function wakeSnoozedConversations(conversationId?: string): Promise<string[]> {
  const now = new Date();
  const { ids, events } = await getDatabase().transaction(async (tx) => {
    await lockRouting(tx);
    const { rows } = await tx.query<{ id: string }>(
      `UPDATE "Conversation" c SET
         status = CASE WHEN u.presence IS NOT NULL AND u.presence <> 'OFFLINE' THEN 'OPEN' ELSE 'QUEUED' END::"ConversationStatus",
         "assigneeId" = CASE WHEN u.presence IS NOT NULL AND u.presence <> 'OFFLINE' THEN c."assigneeId" END,
         "queuedAt" = CASE WHEN u.presence IS NOT NULL AND u.presence <> 'OFFLINE' THEN c."queuedAt" ELSE $2 END,
         "snoozedUntil" = NULL, "updatedAt" = $2
       FROM "Conversation" s LEFT JOIN "User" u ON u.id = s."assigneeId"
       WHERE s.id = c.id AND c.status = 'SNOOZED' AND c."snoozedUntil" <= $2 AND ($1::text IS NULL OR c.id = $1)
       RETURNING c.id`,
      [conversationId ?? null, now.toISOString()],
    );
    const events = await insertTimelineEvents(
      tx,
      rows.map((row) => ({ conversationId: row.id, content: { type: "EVENT", event: "woke" } })),
      now,
    );
    return { ids: rows.map((row) => row.id), events };
  });
  if (ids.length > 0) {
    await publishConversationChanges(
      ids.map((id) => ({ conversationId: id, messages: events.filter((event) => event.conversationId === id) })),
    );
    requestQueueDrain();
  }
  return ids;
}
