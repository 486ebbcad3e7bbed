// An order's whole story for the console's order page: the order with its payments, refunds and
// parcels, and the customer's conversations this user may open.
import type { SessionUser } from "../../auth/sessions";
import { visibleConversationsFilter } from "../../conversations/visible-conversations-filter";
import { db } from "../../db/db";
import { AppError, localized } from "../../errors";
import { orderDtoInclude, toOrderDto } from "./order-dto";
import { visibleOrdersFilter } from "./visible-orders";

export async function getOrderStory(user: SessionUser, orderNo: string) {
  const order = await db().order.findFirst({
    where: { AND: [{ orderNo }, visibleOrdersFilter(user)] },
    include: orderDtoInclude,
  });
  if (!order) throw new AppError("NOT_FOUND", localized("error.orderNotFound"));
  const conversations = await db().conversation.findMany({
    where: { AND: [{ customerId: order.customerId }, visibleConversationsFilter(user)] },
    orderBy: { lastActivityAt: "desc" },
    take: 20,
    select: {
      id: true,
      status: true,
      lastActivityAt: true,
      lastMessagePreview: true,
      channelAccount: { select: { kind: true, name: true } },
      assignee: { select: { name: true } },
    },
  });
  return {
    order: toOrderDto(order),
    conversations: conversations.map((conversation) => ({
      id: conversation.id,
      status: conversation.status,
      lastActivityAt: conversation.lastActivityAt.toISOString(),
      preview: conversation.lastMessagePreview,
      channel: conversation.channelAccount,
      assignee: conversation.assignee?.name ?? null,
    })),
  };
}
export type OrderStory = Awaited<ReturnType<typeof getOrderStory>>;
