// The open API's order listing, for a shop that keeps its own copy in step: by last change, oldest
// first, paged by keyset on (updatedAt, id) so that a page never skips or repeats an order.
import { z } from "zod";
import { db } from "../../db/db";
import { OrderStatus } from "../../generated/prisma/enums";
import { decodeOrderCursor, pageOf } from "./order-cursor";
import { orderDtoInclude, toOrderDto } from "./order-dto";

export const listOrdersSchema = z.object({
  customerId: z.string().min(1).max(64).optional(),
  status: z.enum(OrderStatus).optional(),
  updatedSince: z.iso.datetime({ offset: true }).optional(),
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListOrdersInput = z.infer<typeof listOrdersSchema>;

export async function listOrders(input: ListOrdersInput) {
  const after = input.after ? decodeOrderCursor(input.after) : null;
  const orders = await db().order.findMany({
    where: {
      ...(input.customerId ? { customerId: input.customerId } : {}),
      ...(input.status ? { status: input.status } : {}),
      ...(input.updatedSince ? { updatedAt: { gte: new Date(input.updatedSince) } } : {}),
      ...(after
        ? {
            OR: [{ updatedAt: { gt: after.at } }, { updatedAt: after.at, id: { gt: after.id } }],
          }
        : {}),
    },
    orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
    take: input.limit + 1,
    include: orderDtoInclude,
  });
  const { page, next } = pageOf(orders, input.limit, (order) => order.updatedAt);
  return { orders: page.map(toOrderDto), next };
}
