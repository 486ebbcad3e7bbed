// Hands a conversation to another agent, or back to a team's queue, with a note for the receiver.
// Moving it into a private team takes it out of sight of everyone outside that team, live.
import { z } from "zod";
import { can } from "../auth/permissions";
import type { SessionUser } from "../auth/sessions";
import { conversationListSelect, toConversationListItem } from "../conversations/conversation-dto";
import { getVisibleConversation } from "../conversations/get-visible-conversation";
import type { EventContent } from "../conversations/message-content";
import { conversationAudience, publishConversationChanges } from "../conversations/publish-conversation";
import { insertTimelineEvents } from "../conversations/timeline-events";
import { db, getDatabase } from "../db/db";
import { AppError, localized } from "../errors";
import { evictFromConversationRoom } from "../realtime/evict-from-conversation";
import { requestQueueDrain } from "./drain-queue";
import { assertMayHandle } from "./handling-rule";
import { lockRouting } from "./routing-lock";

export const transferSchema = z.object({
  to: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("agent"), userId: z.string().min(1).max(64) }),
    z.object({ kind: z.literal("team"), teamId: z.string().min(1).max(64) }),
  ]),
  note: z.string().trim().max(500).optional(),
});
export type TransferInput = z.infer<typeof transferSchema>;

async function resolveTarget(input: TransferInput["to"], conversationTeamId: string | null) {
  if (input.kind === "team") {
    const team = await db().team.findUnique({ where: { id: input.teamId }, select: { id: true, name: true } });
    if (!team) throw new AppError("INVALID_INPUT", localized("error.noSuchTeam"));
    return { kind: "team" as const, id: team.id, name: team.name, teamId: team.id };
  }
  const agent = await db().user.findFirst({
    where: { id: input.userId, disabledAt: null },
    select: { id: true, name: true, role: true, presence: true, teams: { select: { teamId: true } } },
  });
  if (!agent) throw new AppError("INVALID_INPUT", localized("error.noSuchAgent"));
  if (agent.presence === "OFFLINE") {
    throw new AppError("AGENT_OFFLINE", localized("error.agentOffline", { name: agent.name }));
  }
  const team = conversationTeamId
    ? await db().team.findUnique({ where: { id: conversationTeamId }, select: { isPrivate: true } })
    : null;
  const inTeam = agent.teams.some((membership) => membership.teamId === conversationTeamId);
  if (team?.isPrivate && !inTeam && !can(agent.role, "conversations.view_private")) {
    throw new AppError("INVALID_INPUT", localized("error.agentNotInPrivateTeam", { name: agent.name }));
  }
  return { kind: "agent" as const, id: agent.id, name: agent.name, teamId: conversationTeamId };
}

export async function transferConversation(user: SessionUser, conversationId: string, input: TransferInput) {
  await getVisibleConversation(user, conversationId);
  const before = await db().conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: conversationListSelect,
  });
  if (before.status === "RESOLVED") {
    throw new AppError("CONVERSATION_RESOLVED", localized("error.conversationResolved"));
  }
  assertMayHandle(user, before);
  const target = await resolveTarget(input.to, before.teamId);
  const previousAudience = conversationAudience(toConversationListItem(before), before.team?.isPrivate ?? false);
  const now = new Date();
  const content: EventContent = {
    type: "EVENT",
    event: "transferred",
    actor: { id: user.id, name: user.name },
    target: { kind: target.kind, id: target.id, name: target.name },
    ...(input.note ? { note: input.note } : {}),
  };
  const events = await getDatabase().transaction(async (tx) => {
    await lockRouting(tx);
    const { rows } = await tx.query<{ id: string }>(
      target.kind === "agent"
        ? `UPDATE "Conversation" SET "assigneeId" = $2, "assignedAt" = $3, "updatedAt" = $3,
             status = CASE WHEN status = 'SNOOZED' THEN status ELSE 'OPEN' END
           WHERE id = $1 AND status <> 'RESOLVED' AND "assigneeId" IS NOT DISTINCT FROM $4 RETURNING id`
        : `UPDATE "Conversation" SET "teamId" = $2, "assigneeId" = NULL, "assignedAt" = NULL, "updatedAt" = $3,
             status = 'QUEUED', "queuedAt" = $3, "snoozedUntil" = NULL, "teamChosenAt" = $3
           WHERE id = $1 AND status <> 'RESOLVED' AND "assigneeId" IS NOT DISTINCT FROM $4 RETURNING id`,
      [conversationId, target.id, now.toISOString(), before.assigneeId],
    );
    // Someone else changed hands in between: better to refuse than to undo their change silently.
    if (rows.length === 0) {
      throw new AppError("CONFLICT", localized("error.conversationJustChanged"));
    }
    return insertTimelineEvents(tx, [{ conversationId, content }], now);
  });
  // Outsiders who had it open leave its room first: the transfer event and its note are not theirs.
  if (target.kind === "team") await evictFromConversationRoom(conversationId);
  await publishConversationChanges([{ conversationId, messages: events, previousAudience }]);
  if (target.kind === "team") requestQueueDrain();
}
