// Saved replies: personal (ownerId) or shared with a team (teamId). Agents use them with "/" in the
// composer; supervisors manage the team ones.
import { z } from "zod";
import { can } from "../auth/permissions";
import type { SessionUser } from "../auth/sessions";
import { getVisibleConversation } from "../conversations/get-visible-conversation";
import { db } from "../db/db";
import { AppError, localized } from "../errors";
import { assertTeamsExist } from "../teams/assert-teams-exist";
import { type CannedReplyContext, renderCannedReply } from "./render-canned-reply";

export const createCannedReplySchema = z.object({
  shortcut: z
    .string()
    .trim()
    .regex(/^[\p{L}\p{N}_-]{1,20}$/u, "1–20 letters, digits, _ or -"),
  title: z.string().trim().min(1).max(60),
  body: z.string().trim().min(1).max(2000),
  /** Shared with a team (supervisors), or only mine. */
  teamId: z.string().min(1).max(64).optional(),
});
export type CreateCannedReplyInput = z.infer<typeof createCannedReplySchema>;

function visibleTo(user: SessionUser) {
  return { OR: [{ ownerId: user.id }, { teamId: { in: user.teamIds } }, { ownerId: null, teamId: null }] };
}

/** What the reply variables stand for in a conversation this user can see (NOT_FOUND otherwise). */
export async function replyContextFor(user: SessionUser, conversationId: string): Promise<CannedReplyContext> {
  await getVisibleConversation(user, conversationId);
  const conversation = await db().conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: {
      customer: {
        select: { name: true, orders: { orderBy: { createdAt: "desc" }, take: 1, select: { orderNo: true } } },
      },
    },
  });
  return {
    customerName: conversation.customer.name,
    agentName: user.name,
    orderNo: conversation.customer.orders[0]?.orderNo ?? null,
  };
}

/** The replies this user can use; with a conversation, their variables filled in for it. */
export async function listCannedReplies(user: SessionUser, conversationId?: string) {
  const replies = await db().cannedReply.findMany({
    where: visibleTo(user),
    orderBy: [{ shortcut: "asc" }],
    select: { id: true, shortcut: true, title: true, body: true, ownerId: true, teamId: true },
  });
  if (!conversationId) return replies.map((reply) => ({ ...reply, rendered: reply.body }));
  const context = await replyContextFor(user, conversationId);
  return replies.map((reply) => ({ ...reply, rendered: renderCannedReply(reply.body, context) }));
}

export async function createCannedReply(user: SessionUser, input: CreateCannedReplyInput) {
  if (input.teamId && !can(user.role, "teams.manage")) {
    throw new AppError("FORBIDDEN", localized("error.teamRepliesSupervisorsOnly"));
  }
  await assertTeamsExist([input.teamId], "teamId");
  return db().cannedReply.create({
    data: {
      shortcut: input.shortcut,
      title: input.title,
      body: input.body,
      ...(input.teamId ? { teamId: input.teamId } : { ownerId: user.id }),
    },
    select: { id: true, shortcut: true, title: true, body: true, ownerId: true, teamId: true },
  });
}

export async function deleteCannedReply(user: SessionUser, id: string) {
  const reply = await db().cannedReply.findFirst({ where: { AND: [{ id }, visibleTo(user)] } });
  if (!reply) throw new AppError("NOT_FOUND", localized("error.cannedReplyNotFound"));
  if (reply.ownerId !== user.id && !can(user.role, "teams.manage")) {
    throw new AppError("FORBIDDEN", localized("error.deleteOwnRepliesOnly"));
  }
  await db().cannedReply.delete({ where: { id } });
}
