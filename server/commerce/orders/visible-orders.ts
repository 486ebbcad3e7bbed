// Which orders a console user may see and act on: an agent, those of customers whose conversations
// they can see; supervisors and admins, all.
import { can } from "../../auth/permissions";
import type { SessionUser } from "../../auth/sessions";
import { visibleConversationsFilter } from "../../conversations/visible-conversations-filter";
import type { Prisma } from "../../generated/prisma/client";

export function visibleOrdersFilter(user: SessionUser): Prisma.OrderWhereInput {
  return can(user.role, "conversations.view_private")
    ? {}
    : { customer: { conversations: { some: visibleConversationsFilter(user) } } };
}
