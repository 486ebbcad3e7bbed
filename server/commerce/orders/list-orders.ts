// The open API's order listing, for a shop that keeps its own copy in step: by last change, oldest
// first, paged by keyset on (updatedAt, id) so that a page never skips or repeats an order.
import { z } from "zod";
import { db } from "../../db/db";
import { AppError, localized } from "../../errors";
import { OrderStatus } from "../../generated/prisma/enums";
import { orderDtoInclude, toOrderDto } from "./order-dto";

export const listOrdersSchema = z.object({
  customerId: z.string().min(1).max(64).optional(),
  status: z.enum(OrderStatus).optional(),
  updatedSince: z.iso.datetime({ offset: true }).optional(),
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListOrdersInput = z.infer<typeof listOrdersSchema>;

const cursorOf = (order: { updatedAt: Date; id: string }) =>
  Buffer.from(`${order.updatedAt.toISOString()}|${order.id}`).toString("base64url");

function parseCursor(cursor: string): { updatedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const updatedAt = new Date(at ?? "");
  if (!id || Number.isNaN(updatedAt.getTime())) {
    throw new AppError("INVALID_INPUT", localized("error.invalidInput"), {
      issues: [{ path: "after", message: "not a cursor this API gave" }],
    });
  }
  return { updatedAt, id };
}

export async function listOrders(input: ListOrdersInput) {
  const after = input.after ? parseCursor(input.after) : null;
  const orders = await db().order.findMany({
    where: {
      ...(input.customerId ? { customerId: input.customerId } : {}),
      ...(input.status ? { status: input.status } : {}),
      ...(input.updatedSince ? { updatedAt: { gte: new Date(input.updatedSince) } } : {}),
      ...(after
        ? {
            OR: [{ updatedAt: { gt: after.updatedAt } }, { updatedAt: after.updatedAt, id: { gt: after.id } }],
          }
        : {}),
    },
    orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
    take: input.limit + 1,
    include: orderDtoInclude,
  });
  const page = orders.slice(0, input.limit);
  const last = page[page.length - 1];
  return { orders: page.map(toOrderDto), next: orders.length > input.limit && last ? cursorOf(last) : null };
}
