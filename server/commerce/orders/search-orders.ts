// The 订单 page: every order this user may see (an agent, those of customers whose conversations
// they can see; supervisors and admins, all), newest first, paged by keyset, filtered by status and
// channel, found by order number, transaction id, tracking number or customer name.
import { z } from "zod";
import { can } from "../../auth/permissions";
import type { SessionUser } from "../../auth/sessions";
import { visibleConversationsFilter } from "../../conversations/visible-conversations-filter";
import { db } from "../../db/db";
import { AppError, localized } from "../../errors";
import type { Prisma } from "../../generated/prisma/client";
import { OrderStatus } from "../../generated/prisma/enums";
import { orderDtoInclude, toOrderDto } from "./order-dto";

export const searchOrdersSchema = z.object({
  status: z.enum(OrderStatus).optional(),
  channel: z.string().max(32).optional(),
  q: z.string().trim().max(64).optional(),
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type SearchOrdersInput = z.infer<typeof searchOrdersSchema>;

const cursorOf = (order: { createdAt: Date; id: string }) =>
  Buffer.from(`${order.createdAt.toISOString()}|${order.id}`).toString("base64url");

function parseCursor(cursor: string) {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) {
    throw new AppError("INVALID_INPUT", localized("error.invalidInput"), {
      issues: [{ path: "after", message: "bad cursor" }],
    });
  }
  return { createdAt, id };
}

export async function searchOrders(user: SessionUser, input: SearchOrdersInput) {
  const visible: Prisma.OrderWhereInput = can(user.role, "conversations.view_private")
    ? {}
    : { customer: { conversations: { some: visibleConversationsFilter(user) } } };
  const q = input.q || undefined;
  const after = input.after ? parseCursor(input.after) : null;
  const orders = await db().order.findMany({
    where: {
      AND: [
        visible,
        input.status ? { status: input.status } : {},
        input.channel ? { channel: input.channel } : {},
        q
          ? {
              OR: [
                { orderNo: q },
                { payments: { some: { transactionId: q } } },
                { shipments: { some: { trackingNo: q } } },
                { customer: { name: { contains: q } } },
              ],
            }
          : {},
        after
          ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
          : {},
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    include: orderDtoInclude,
  });
  const page = orders.slice(0, input.limit);
  const last = page[page.length - 1];
  return { orders: page.map(toOrderDto), next: orders.length > input.limit && last ? cursorOf(last) : null };
}
