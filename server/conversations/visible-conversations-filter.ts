import { can } from "../auth/permissions";
import type { SessionUser } from "../auth/sessions";
import type { Prisma } from "../generated/prisma/client";

/** The conversations a user may see: all for supervisors; otherwise none of other private teams. */
export function visibleConversationsFilter(user: SessionUser): Prisma.ConversationWhereInput {
  if (can(user.role, "conversations.view_private")) return {};
  return {
    OR: [{ teamId: null }, { team: { isPrivate: false } }, { teamId: { in: user.teamIds } }, { assigneeId: user.id }],
  };
}
