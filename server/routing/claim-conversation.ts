// "Assign to me": an agent takes a waiting conversation. The conditional update under the routing
// lock makes a race between two agents end with one assignee and a clear 409 for the other.
import type { SessionUser } from "../auth/sessions";
import { getVisibleConversation } from "../conversations/get-visible-conversation";
import { publishConversationChanges } from "../conversations/publish-conversation";
import { insertTimelineEvents } from "../conversations/timeline-events";
import { db, getDatabase } from "../db/db";
import { AppError, localized } from "../errors";
import { lockRouting } from "./routing-lock";

export async function claimConversation(user: SessionUser, conversationId: string): Promise<void> {
  await getVisibleConversation(user, conversationId);
  const now = new Date();
  const outcome = await getDatabase().transaction(async (tx) => {
    await lockRouting(tx);
    const { rows } = await tx.query<{ id: string }>(
      `UPDATE "Conversation" SET status = 'OPEN', "assigneeId" = $2, "assignedAt" = $3, "updatedAt" = $3,
         "snoozedUntil" = NULL
       WHERE id = $1 AND "assigneeId" IS NULL AND status <> 'RESOLVED'
       RETURNING id`,
      [conversationId, user.id, now.toISOString()],
    );
    if (rows.length === 0) return { claimed: false as const };
    const events = await insertTimelineEvents(
      tx,
      [{ conversationId, content: { type: "EVENT", event: "claimed", actor: { id: user.id, name: user.name } } }],
      now,
    );
    return { claimed: true as const, events };
  });
  if (outcome.claimed) {
    await publishConversationChanges([{ conversationId, messages: outcome.events }]);
    return;
  }
  const current = await db().conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: { status: true, assigneeId: true, assignee: { select: { name: true } } },
  });
  if (current.assigneeId === user.id) return;
  if (current.status === "RESOLVED") {
    throw new AppError("CONVERSATION_RESOLVED", localized("error.conversationResolved"));
  }
  throw new AppError("ALREADY_ASSIGNED", localized("error.alreadyTakenBy", { name: current.assignee?.name ?? "" }));
}
