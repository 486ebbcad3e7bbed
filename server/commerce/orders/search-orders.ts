// The 订单 page: every order this user may see (an agent, those of customers whose conversations
// they can see; supervisors and admins, all), newest first, paged by keyset, filtered by status and
// channel, found by order number, transaction id, tracking number or customer name.
import { z } from "zod";
import type { SessionUser } from "../../auth/sessions";
import { db } from "../../db/db";
import type { Prisma } from "../../generated/prisma/client";
import { OrderStatus, PaymentStatus, ShipmentStatus } from "../../generated/prisma/enums";
import { chinaDayStart } from "../../time/china-time";
import { decodeOrderCursor, pageOf } from "./order-cursor";
import { orderSummaryInclude, toOrderDto } from "./order-dto";
import { visibleOrdersFilter } from "./visible-orders";

export const searchOrdersSchema = z.object({
  status: z.enum(OrderStatus).optional(),
  channel: z.string().max(32).optional(),
  /** The payment's state; UNPAID: no payment at all. */
  payment: z.enum([...Object.values(PaymentStatus), "UNPAID"]).optional(),
  /** Orders whose latest parcel is in this state. */
  parcel: z.enum(ShipmentStatus).optional(),
  /** Created from `from` to `to`: times, or days in China (both days included). */
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  q: z.string().trim().max(64).optional(),
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type SearchOrdersInput = z.infer<typeof searchOrdersSchema>;

/** A bare date is a day in China (2026-12-06 starts at 2026-12-05T16:00Z); `end` takes its end. */
function chinaDate(value: string, end = false): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(value);
  const start = chinaDayStart(value);
  return end ? new Date(start.getTime() + 24 * 3600_000) : start;
}

/**
 * What the search box means: an order number, a transaction id or a tracking number (each an exact
 * index lookup), or else part of the customer's name. A number never scans the customers.
 */
async function matching(q: string): Promise<Prisma.OrderWhereInput> {
  const keyed = await db().$queryRaw<{ id: string }[]>`
    SELECT id FROM "Order" WHERE "orderNo" = ${q}
    UNION SELECT "orderId" FROM "Payment" WHERE "transactionId" = ${q}
    UNION SELECT "orderId" FROM "Shipment" WHERE "trackingNo" = ${q}`;
  if (keyed.length > 0) return { id: { in: keyed.map((row) => row.id) } };
  return { customer: { name: { contains: q } } };
}

export async function searchOrders(user: SessionUser, input: SearchOrdersInput) {
  const visible = visibleOrdersFilter(user);
  const q = input.q || undefined;
  const after = input.after ? decodeOrderCursor(input.after) : null;
  const orders = await db().order.findMany({
    where: {
      AND: [
        visible,
        input.status ? { status: input.status } : {},
        input.channel ? { channel: input.channel } : {},
        input.payment === "UNPAID" ? { paymentStatus: null } : input.payment ? { paymentStatus: input.payment } : {},
        input.parcel ? { parcelStatus: input.parcel } : {},
        input.from ? { createdAt: { gte: chinaDate(input.from) } } : {},
        input.to ? { createdAt: { lt: chinaDate(input.to, true) } } : {},
        q ? await matching(q) : {},
        after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {},
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    include: orderSummaryInclude,
  });
  const { page, next } = pageOf(orders, input.limit, (order) => order.createdAt);
  return { orders: page.map(toOrderDto), next };
}
