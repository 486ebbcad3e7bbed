// Which anomalies a console user may see and work: an agent, those about customers whose
// conversations they can see, and those about no customer (stock, an unknown payer); supervisors
// and admins, all.
import { can } from "../../auth/permissions";
import type { SessionUser } from "../../auth/sessions";
import { visibleConversationsFilter } from "../../conversations/visible-conversations-filter";
import type { Prisma } from "../../generated/prisma/client";

export function visibleAnomaliesFilter(user: SessionUser): Prisma.AnomalyWhereInput {
  return can(user.role, "conversations.view_private")
    ? {}
    : { OR: [{ customerId: null }, { customer: { conversations: { some: visibleConversationsFilter(user) } } }] };
}
