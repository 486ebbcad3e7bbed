import type { SessionUser } from "../auth/sessions";
import { getVisibleConversation } from "../conversations/get-visible-conversation";
import { reactivateConversation } from "../conversations/ingest/open-conversation";
import { publishConversationChanges } from "../conversations/publish-conversation";
import { insertTimelineEvents } from "../conversations/timeline-events";
import { getDatabase } from "../db/db";
import { isUniqueViolation } from "../db/unique-violation";
import { AppError, localized } from "../errors";
import { lockRouting } from "./routing-lock";

/** An agent reopens a resolved conversation and takes it (a customer's new message does it too). */
export async function reopenConversation(user: SessionUser, conversationId: string): Promise<void> {
  await getVisibleConversation(user, conversationId);
  const now = new Date();
  let events: Awaited<ReturnType<typeof insertTimelineEvents>> | null;
  try {
    events = await getDatabase().transaction(async (tx) => {
      await lockRouting(tx);
      const reopened = await reactivateConversation(tx, { conversationId, agentId: user.id, now: now.toISOString() });
      if (!reopened) return null;
      return insertTimelineEvents(
        tx,
        [{ conversationId, content: { type: "EVENT", event: "reopened", actor: { id: user.id, name: user.name } } }],
        now,
      );
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError("CONFLICT", localized("error.customerHasActiveConversation"));
  }
  if (events) await publishConversationChanges([{ conversationId, messages: events }]);
}
