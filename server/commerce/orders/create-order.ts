// A new order from the shop, through the open API: idempotent on orderNo. The same body again answers
// with the stored order; another body for a known orderNo is a conflict, never an overwrite.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { ApiCaller } from "../../api-keys/api-keys";
import { recordAudit } from "../../audit/record-audit";
import { resolveShopCustomer } from "../../customers/resolve-shop-customer";
import { db } from "../../db/db";
import { isUniqueViolation } from "../../db/unique-violation";
import { AppError, localized } from "../../errors";
import { orderChanged } from "./order-changed";
import { type OrderDto, orderDtoInclude, toOrderDto } from "./order-dto";
import { receiverSchema, sealReceiver } from "./receiver";

const ORDER_CHANNELS = ["mini-program", "official-account", "wecom", "web", "app", "other"] as const;

export const createOrderSchema = z.object({
  orderNo: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z_\-|*@]{1,32}$/, "1–32 letters, digits or _-|*@ (WeChat Pay's out_trade_no)"),
  channel: z.enum(ORDER_CHANNELS).optional(),
  customer: z.object({
    openid: z.string().trim().min(1).max(128).optional(),
    unionid: z.string().trim().min(1).max(128).optional(),
    appId: z.string().trim().min(1).max(64).optional(),
    name: z.string().trim().min(1).max(64).optional(),
  }),
  items: z
    .array(
      z.object({
        sku: z.string().trim().min(1).max(64),
        name: z.string().trim().min(1).max(200).optional(),
        quantity: z.number().int().min(1).max(100_000),
        unitPriceFen: z.number().int().min(0).max(1_000_000_000),
      }),
    )
    .min(1)
    .max(200),
  totalFen: z.number().int().min(0).max(10_000_000_000),
  receiver: receiverSchema.optional(),
  createdAt: z.iso.datetime({ offset: true }).optional(),
});
export type CreateOrderInput = z.infer<typeof createOrderSchema>;

/** The same order sent twice hashes the same, whatever the key order of its JSON: zod's output follows the schema. */
function hashOf(input: CreateOrderInput): string {
  return createHash("sha256").update(JSON.stringify(input)).digest("hex");
}

async function existing(orderNo: string, sourceHash: string): Promise<OrderDto | null> {
  const order = await db().order.findUnique({ where: { orderNo }, include: orderDtoInclude });
  if (!order) return null;
  if (order.sourceHash !== sourceHash) {
    throw new AppError("CONFLICT", localized("error.orderNoConflict", { orderNo }));
  }
  return toOrderDto(order);
}

/** Returns the order and whether this call created it. */
export async function createOrder(
  caller: ApiCaller,
  input: CreateOrderInput,
  ip: string | null,
): Promise<{ order: OrderDto; created: boolean }> {
  const sourceHash = hashOf(input);
  const before = await existing(input.orderNo, sourceHash);
  if (before) return { order: before, created: false };

  const { customerId, channelAccountId } = await resolveShopCustomer(input.customer);
  const products = await db().product.findMany({
    where: { sku: { in: input.items.map((item) => item.sku) } },
    select: { id: true, sku: true, name: true },
  });
  const productBySku = new Map(products.map((product) => [product.sku, product]));
  const receiver = input.receiver ? sealReceiver(input.receiver) : undefined;
  try {
    const order = await db().$transaction(async (tx) => {
      const created = await tx.order.create({
        data: {
          orderNo: input.orderNo,
          channel: input.channel ?? null,
          totalFen: input.totalFen,
          sourceHash,
          customerId,
          channelAccountId,
          ...(receiver ? { shippingAddress: receiver } : {}),
          ...(input.createdAt ? { createdAt: new Date(input.createdAt) } : {}),
          items: {
            create: input.items.map((item) => ({
              sku: item.sku,
              name: item.name ?? productBySku.get(item.sku)?.name ?? item.sku,
              quantity: item.quantity,
              unitPriceFen: item.unitPriceFen,
              productId: productBySku.get(item.sku)?.id ?? null,
            })),
          },
        },
        // The order's parts are read after commit: inside the transaction Prisma would load them
        // as concurrent queries on the transaction's one connection.
        select: { id: true },
      });
      // The receiver's number is the customer's too when LoopDesk has none for them.
      if (receiver) {
        await tx.customer.updateMany({
          where: { id: customerId, phoneEnc: null },
          data: { phoneMasked: receiver.phoneMasked, phoneEnc: receiver.phoneSealed },
        });
      }
      await recordAudit(
        {
          action: "order.created",
          subjectType: "order",
          subjectId: created.id,
          ip,
          details: { key: caller.keyName, keyId: caller.keyId, orderNo: input.orderNo },
        },
        tx,
      );
      return created;
    });
    await orderChanged(order.id);
    const full = await db().order.findUniqueOrThrow({ where: { id: order.id }, include: orderDtoInclude });
    return { order: toOrderDto(full), created: true };
  } catch (error) {
    // The same order sent twice at once: the second insert loses the race and answers as a replay.
    if (!isUniqueViolation(error)) throw error;
    const raced = await existing(input.orderNo, sourceHash);
    if (!raced) throw error;
    return { order: raced, created: false };
  }
}
