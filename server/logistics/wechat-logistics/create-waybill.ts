// ref: https://developers.weixin.qq.com/miniprogram/dev/platform-capabilities/industry/express/business/introduction.html
// A waybill for a paid mini-program order, from WeChat's logistics assistant (docs/wechat-protocols.md
// §5.2), for brands without an ERP that prints them. Run in a job, idempotent on the order: its
// order number is the waybill's order_id, so a retry whose first answer was lost finds the waybill
// made (order/get) instead of making a second one. The waybill's path then comes as add_express_path.
import { z } from "zod";
import { orderChanged } from "../../commerce/orders/order-changed";
import { storedReceiverSchema } from "../../commerce/orders/receiver";
import { secretBox } from "../../crypto/secret-box";
import { db } from "../../db/db";
import { getConfig } from "../../env";
import { enqueue } from "../../jobs/enqueue";
import { carrierOfWechatDeliveryId } from "../carriers";
import { miniProgramClient } from "../mini-program/mini-program-client";

const waybillSchema = z.object({ waybill_id: z.string().min(1).max(64) }).loose();

export type WaybillOutcome = "created" | "exists" | "not_needed";

export async function createWaybill(orderId: string): Promise<WaybillOutcome> {
  const config = getConfig().wechatLogistics;
  if (!config) return "not_needed";
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
  const mini = await miniProgramClient();
  if (!mini) return "not_needed";
  const openid = order.payments[0]?.payerOpenId ?? undefined;
  const key = { order_id: order.orderNo, delivery_id: config.deliveryId, ...(openid ? { openid } : {}) };
  const made = await mini.client.post("/cgi-bin/express/business/order/get", key, waybillSchema).catch(() => null);
  const waybill =
    made ??
    (await mini.client.post(
      "/cgi-bin/express/business/order/add",
      {
        ...key,
        add_source: openid ? 0 : 2,
        ...(openid ? {} : { wx_appid: mini.appId }),
        biz_id: config.bizId,
        sender: config.sender,
        receiver: {
          name: receiver.data.name,
          // The carrier calls the receiver: the one place the sealed number is opened.
          mobile: secretBox().open(receiver.data.phoneSealed),
          province: receiver.data.province,
          city: receiver.data.city,
          area: receiver.data.district,
          address: receiver.data.address,
        },
        cargo: {
          count: order.items.reduce((sum, item) => sum + item.quantity, 0) || 1,
          weight: 1,
          space_x: 30,
          space_y: 20,
          space_z: 10,
          detail_list: order.items.map((item) => ({ name: item.name.slice(0, 64), count: item.quantity })),
        },
        shop: {
          goods_name: (order.items[0]?.name ?? "商品").slice(0, 64),
          goods_count: order.items.reduce((sum, item) => sum + item.quantity, 0) || 1,
        },
        insured: { use_insured: 0, insured_value: 0 },
        service: { service_type: 0, service_name: "标准快递" },
      },
      waybillSchema,
    ));
  await db().shipment.createMany({
    data: [
      {
        orderId: order.id,
        carrier: carrierOfWechatDeliveryId(config.deliveryId) ?? config.deliveryId.toLowerCase(),
        trackingNo: waybill.waybill_id,
        // The logistics assistant pushes this waybill's path without a subscription.
        subscribedAt: new Date(),
      },
    ],
    skipDuplicates: true,
  });
  await db().order.updateMany({ where: { id: order.id, parcelStatus: null }, data: { parcelStatus: "CREATED" } });
  await orderChanged(order.id);
  await enqueue("logistics.upload-shipping-info", { orderId: order.id }, { singletonKey: order.id });
  return made ? "exists" : "created";
}
