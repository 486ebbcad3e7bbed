// The customer's orders beside the conversation (newest first), and the fact that one of them
// changed, told to whoever has one of the customer's conversations open.
import type { SessionUser } from "../../auth/sessions";
import { assertCustomerVisible } from "../../customers/get-customer-profile";
import { db } from "../../db/db";
import type { OrderUpdatedEvent } from "../../realtime/events";
import { publish } from "../../realtime/publish";
import { orderDtoInclude, toOrderDto } from "./order-dto";

const SIDEBAR_ORDERS = 20;

export async function listCustomerOrders(user: SessionUser, customerId: string) {
  await assertCustomerVisible(user, customerId);
  const orders = await db().order.findMany({
    where: { customerId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: SIDEBAR_ORDERS,
    include: orderDtoInclude,
  });
  return orders.map(toOrderDto);
}

/** Tells the rooms of the given conversations (the customer's open ones) that one of their orders changed. */
export function publishOrderUpdate(event: OrderUpdatedEvent, conversationIds: readonly string[]): void {
  for (const conversationId of conversationIds) publish.toConversation(conversationId, "order.updated", event);
}

/** After commit: the sidebars showing this order's customer read their orders again. */
export async function publishOrderChanged(orderId: string): Promise<void> {
  const order = await db().order.findUnique({
    where: { id: orderId },
    select: {
      orderNo: true,
      status: true,
      customerId: true,
      customer: { select: { conversations: { where: { activeKey: { not: null } }, select: { id: true } } } },
    },
  });
  if (!order) return;
  publishOrderUpdate(
    { customerId: order.customerId, orderNo: order.orderNo, status: order.status },
    order.customer.conversations.map((conversation) => conversation.id),
  );
}
