// The order a customer's status question is about: the one they name (by order or tracking number)
// if it is theirs, else their latest. A number that belongs to someone else is reported as such and
// nothing about it is read further.
import { db } from "../../db/db";
import type { OrderFacts } from "./order-status-reply";

export type Mention = { orderNo: string | null; trackingNo: string | null };

export async function customerOrderFacts(
  customerId: string,
  mention: Mention,
): Promise<OrderFacts | "not_theirs" | null> {
  const named = mention.orderNo
    ? { orderNo: mention.orderNo }
    : mention.trackingNo
      ? { shipments: { some: { trackingNo: mention.trackingNo } } }
      : null;
  const order = await db().order.findFirst({
    where: named ?? { customerId },
    orderBy: { createdAt: "desc" },
    select: {
      customerId: true,
      orderNo: true,
      status: true,
      paidAt: true,
      shipments: {
        where: mention.trackingNo && !mention.orderNo ? { trackingNo: mention.trackingNo } : {},
        orderBy: { createdAt: "desc" },
        take: 1,
        select: { carrier: true, trackingNo: true, status: true, lastEventAt: true, lastEventText: true },
      },
    },
  });
  if (!order) return named ? "not_theirs" : null;
  if (order.customerId !== customerId) return "not_theirs";
  return { orderNo: order.orderNo, status: order.status, paidAt: order.paidAt, parcel: order.shipments[0] ?? null };
}
