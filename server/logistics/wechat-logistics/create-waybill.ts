// ref: https://developers.weixin.qq.com/miniprogram/dev/platform-capabilities/industry/express/business/introduction.html
// A waybill for a paid mini-program order, from WeChat's logistics assistant (docs/wechat-protocols.md
// §5.2), for brands without an ERP that prints them. Run in a job, idempotent on the order: its
// order number is the waybill's order_id, so a retry whose first answer was lost finds the waybill
// made (order/get) instead of making a second one. The waybill's path then comes as add_express_path.
import { orderChanged } from "../../commerce/orders/order-changed";
import { storedReceiverSchema } from "../../commerce/orders/receiver";
import { secretBox } from "../../crypto/secret-box";
import { db } from "../../db/db";
import { enqueue } from "../../jobs/enqueue";
import { logisticsAssistantWaybills } from "./waybill-maker";

export type WaybillOutcome = "created" | "exists" | "not_needed";

export async function createWaybill(orderId: string): Promise<WaybillOutcome> {
  const waybills = logisticsAssistantWaybills();
  if (!waybills) return "not_needed";
  const order = await db().order.findUnique({
    where: { id: orderId },
    include: {
      items: { select: { name: true, quantity: true } },
      payments: { where: { status: "PAID" }, select: { payerOpenId: true }, take: 1 },
      _count: { select: { shipments: true } },
    },
  });
  const receiver = storedReceiverSchema.safeParse(order?.shippingAddress);
  if (order?.status !== "PAID" || order.channel !== "mini-program" || !receiver.success) return "not_needed";
  if (order._count.shipments > 0) return "exists";
  const openid = order.payments[0]?.payerOpenId ?? undefined;
  const waybill = await waybills.make({
    waybillOrderId: order.orderNo,
    // The carrier calls the receiver: the one place the sealed number is opened.
    receiver: { ...receiver.data, phone: secretBox().open(receiver.data.phoneSealed) },
    items: order.items,
    ...(openid ? { openid } : {}),
  });
  await db().shipment.createMany({
    data: [
      {
        orderId: order.id,
        carrier: waybill.carrier,
        trackingNo: waybill.trackingNo,
        // The logistics assistant pushes this waybill's path without a subscription.
        subscribedAt: new Date(),
      },
    ],
    skipDuplicates: true,
  });
  await db().order.updateMany({ where: { id: order.id, parcelStatus: null }, data: { parcelStatus: "CREATED" } });
  await orderChanged(order.id);
  await enqueue("logistics.upload-shipping-info", { orderId: order.id }, { singletonKey: order.id });
  return waybill.existed ? "exists" : "created";
}
