// A brand whose ERP prints waybills reports each parcel: LoopDesk follows it from then on. The
// same parcel reported again is the same shipment; a tracking number already on another order is a
// conflict, not a move.
import { z } from "zod";
import type { ApiCaller } from "../../api-keys/api-keys";
import { recordAudit } from "../../audit/record-audit";
import { db } from "../../db/db";
import { AppError, localized } from "../../errors";
import { enqueue } from "../../jobs/enqueue";
import { orderChanged } from "./order-changed";
import { type OrderDto, orderDtoInclude, toOrderDto } from "./order-dto";

export const addShipmentSchema = z.object({
  /** Kuaidi100's company code: shunfeng, zhongtong, yuantong, yunda, shentong, jd, ems… */
  carrier: z.string().regex(/^[a-z0-9]{2,32}$/, "Kuaidi100's company code, e.g. shunfeng"),
  trackingNo: z.string().regex(/^[A-Za-z0-9-]{4,40}$/),
});
export type AddShipmentInput = z.infer<typeof addShipmentSchema>;

export async function addShipment(
  caller: ApiCaller,
  orderNo: string,
  input: AddShipmentInput,
  ip: string | null,
): Promise<{ order: OrderDto; created: boolean }> {
  const order = await db().order.findUnique({ where: { orderNo }, select: { id: true, channel: true } });
  if (!order) throw new AppError("NOT_FOUND", localized("error.orderNotFound"));
  const { count } = await db().shipment.createMany({
    data: [{ carrier: input.carrier, trackingNo: input.trackingNo, orderId: order.id }],
    skipDuplicates: true,
  });
  const shipment = await db().shipment.findUniqueOrThrow({
    where: { carrier_trackingNo: { carrier: input.carrier, trackingNo: input.trackingNo } },
    select: { id: true, orderId: true, subscribedAt: true },
  });
  if (shipment.orderId !== order.id) {
    throw new AppError("CONFLICT", localized("error.trackingNoOnAnotherOrder", { trackingNo: input.trackingNo }));
  }
  if (count > 0) {
    await db().order.update({ where: { id: order.id }, data: { parcelStatus: "CREATED" } });
    // WeChat holds a mini-program order's money until it hears of the parcel.
    if (order.channel === "mini-program")
      await enqueue("logistics.upload-shipping-info", { orderId: order.id }, { singletonKey: order.id });
    await recordAudit({
      action: "shipment.added",
      subjectType: "order",
      subjectId: order.id,
      ip,
      details: { key: caller.keyName, keyId: caller.keyId, carrier: input.carrier, trackingNo: input.trackingNo },
    });
    await orderChanged(order.id);
  }
  // Reporting the parcel again asks again while it is not followed yet: a shop retrying its report
  // recovers a follow job lost with a crash.
  if (!shipment.subscribedAt) await enqueue("logistics.follow-parcel", { shipmentId: shipment.id });
  const full = await db().order.findUniqueOrThrow({ where: { id: order.id }, include: orderDtoInclude });
  return { order: toOrderDto(full), created: count > 0 };
}
