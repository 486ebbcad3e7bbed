// The shop changes an order through the open API: cancels an unpaid one, or corrects where it goes
// before it ships. Both are guarded updates: a payment or a parcel that got there first wins.
import { z } from "zod";
import type { ApiCaller } from "../../api-keys/api-keys";
import { recordAudit } from "../../audit/record-audit";
import { db } from "../../db/db";
import { AppError, localized } from "../../errors";
import { orderChanged } from "./order-changed";
import { type OrderDto, orderDtoInclude, toOrderDto } from "./order-dto";
import { ORDER_STATUS_FROM } from "./order-status";
import { receiverSchema, sealReceiver } from "./receiver";

export const updateOrderSchema = z
  .object({ status: z.literal("CANCELLED").optional(), receiver: receiverSchema.optional() })
  .refine((input) => input.status !== undefined || input.receiver !== undefined, "nothing to change");
export type UpdateOrderInput = z.infer<typeof updateOrderSchema>;

/** Where a parcel may still be redirected: before anything shipped. */
const RECEIVER_CHANGEABLE = ["PENDING_PAYMENT", "PAID"] as const;

export async function updateOrder(
  caller: ApiCaller,
  orderNo: string,
  input: UpdateOrderInput,
  ip: string | null,
): Promise<OrderDto> {
  const current = await db().order.findUnique({ where: { orderNo }, select: { id: true, status: true } });
  if (!current) throw new AppError("NOT_FOUND", localized("error.orderNotFound"));
  await db().$transaction(async (tx) => {
    if (input.receiver) {
      const { count } = await tx.order.updateMany({
        where: { id: current.id, status: { in: [...RECEIVER_CHANGEABLE] } },
        data: { shippingAddress: sealReceiver(input.receiver) },
      });
      if (count === 0) throw new AppError("CONFLICT", localized("error.orderAlreadyShipped"));
    }
    if (input.status === "CANCELLED") {
      const { count } = await tx.order.updateMany({
        where: { id: current.id, status: { in: [...ORDER_STATUS_FROM.CANCELLED] } },
        data: { status: "CANCELLED", cancelledAt: new Date() },
      });
      // Cancelling a cancelled order again is a retry, not a conflict.
      const now = count === 0 ? await tx.order.findUniqueOrThrow({ where: { id: current.id } }) : null;
      if (now && now.status !== "CANCELLED") {
        throw new AppError("CONFLICT", localized("error.orderCannotCancel", { status: now.status }));
      }
    }
    await recordAudit(
      {
        action: "order.updated",
        subjectType: "order",
        subjectId: current.id,
        ip,
        details: { key: caller.keyName, keyId: caller.keyId, orderNo, fields: Object.keys(input) },
      },
      tx,
    );
  });
  await orderChanged(current.id);
  return toOrderDto(await db().order.findUniqueOrThrow({ where: { id: current.id }, include: orderDtoInclude }));
}
