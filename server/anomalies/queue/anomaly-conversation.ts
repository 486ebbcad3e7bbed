// The conversation shown beside an anomaly: its own, else the customer's latest, else a new one
// opened for the customer on the channel they were last seen on (assigned to whoever opened it,
// nothing sent: the window and the outreach rules decide what may be said). The anomaly then
// remembers it, so outreach and remedies go to the same conversation.
import type { SessionUser } from "../../auth/sessions";
import { activeKey } from "../../conversations/active-key";
import { getVisibleConversation } from "../../conversations/get-visible-conversation";
import { publishConversationChanges } from "../../conversations/publish-conversation";
import { db } from "../../db/db";
import { isUniqueViolation } from "../../db/unique-violation";
import { AppError, localized } from "../../errors";
import { visibleAnomaliesFilter } from "./visible-anomalies";

async function conversationFor(user: SessionUser, customerId: string): Promise<{ id: string; opened: boolean }> {
  const latest = await db().conversation.findFirst({
    where: { customerId },
    orderBy: { lastActivityAt: "desc" },
    select: { id: true },
  });
  if (latest) return { id: latest.id, opened: false };
  const identity = await db().customerIdentity.findFirst({
    where: { customerId, channelAccount: { enabled: true } },
    orderBy: { updatedAt: "desc" },
    select: { channelAccountId: true },
  });
  if (!identity) throw new AppError("CONFLICT", localized("error.anomalyNoChannel"));
  const key = activeKey(identity.channelAccountId, customerId);
  try {
    const now = new Date();
    const created = await db().conversation.create({
      data: {
        customerId,
        channelAccountId: identity.channelAccountId,
        status: "OPEN",
        assigneeId: user.id,
        assignedAt: now,
        activeKey: key,
        lastActivityAt: now,
      },
      select: { id: true },
    });
    return { id: created.id, opened: true };
  } catch (error) {
    // Opened at the same moment by someone else (or a message arrived): theirs.
    if (!isUniqueViolation(error)) throw error;
    return {
      id: (await db().conversation.findUniqueOrThrow({ where: { activeKey: key }, select: { id: true } })).id,
      opened: false,
    };
  }
}

export async function openAnomalyConversation(
  user: SessionUser,
  anomalyId: string,
): Promise<{ conversationId: string }> {
  const anomaly = await db().anomaly.findFirst({
    where: { AND: [{ id: anomalyId }, visibleAnomaliesFilter(user)] },
    select: { id: true, customerId: true, conversationId: true },
  });
  if (!anomaly) throw new AppError("NOT_FOUND", localized("error.anomalyNotFound"));
  if (!anomaly.customerId) throw new AppError("CONFLICT", localized("error.anomalyNoCustomer"));
  const conversation = anomaly.conversationId
    ? { id: anomaly.conversationId, opened: false }
    : await conversationFor(user, anomaly.customerId);
  await getVisibleConversation(user, conversation.id);
  if (!anomaly.conversationId) {
    await db().anomaly.updateMany({
      where: { id: anomaly.id, conversationId: null },
      data: { conversationId: conversation.id },
    });
  }
  if (conversation.opened) await publishConversationChanges([{ conversationId: conversation.id, messages: [] }]);
  return { conversationId: conversation.id };
}
