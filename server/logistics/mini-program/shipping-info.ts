// ref: https://developers.weixin.qq.com/miniprogram/dev/platform-capabilities/business-capabilities/order-shipping/order-shipping.html
// Mini-program orders (docs/wechat-protocols.md §5.1): WeChat holds a paid order's money until its
// shipping info is uploaded and the buyer confirms receipt. LoopDesk uploads it once the order is
// paid and has its parcels (again once, for a re-shipment: WeChat allows one), and tells WeChat when
// the parcel was delivered (once per order).

import { z } from "zod";
import { PlatformApiError } from "../../channels/platform-client";
import { storedReceiverSchema } from "../../commerce/orders/receiver";
import { db } from "../../db/db";
import { getMerchant } from "../../payments/wechatpay/merchant";
import { chinaWallClock } from "../../time/china-time";
import { wechatDeliveryId } from "../carriers";
import { miniProgramClient } from "./mini-program-client";

/** WeChat allows the first upload and one re-shipment. */
const MAX_UPLOADS = 2;
/** "支付单不存在": WeChat has not indexed the payment yet; it answers after a minute or so. */
const PAYMENT_NOT_INDEXED = 10060001;

const okSchema = z.object({}).loose();

/** RFC 3339 in China time with milliseconds, as WeChat wants upload_time. */
const chinaTimestamp = (at: Date) => `${chinaWallClock(at)}+08:00`;

const itemsOf = (items: { name: string; quantity: number }[]) =>
  items
    .map((item) => `${item.name}*${item.quantity}`)
    .join("，")
    .slice(0, 120);

export type UploadOutcome = "uploaded" | "not_needed" | "refused";

/** Uploads the order's shipping info if WeChat needs it now; throws what is worth retrying. */
export async function uploadShippingInfo(orderId: string, now = new Date()): Promise<UploadOutcome> {
  const order = await db().order.findUnique({
    where: { id: orderId },
    include: {
      items: { select: { name: true, quantity: true } },
      payments: { where: { status: { in: ["PAID", "PARTIALLY_REFUNDED"] } }, take: 1 },
      shipments: { orderBy: { createdAt: "asc" } },
    },
  });
  const payment = order?.payments[0];
  if (order?.channel !== "mini-program" || !payment?.transactionId || order.shipments.length === 0) {
    return "not_needed";
  }
  const newest = order.shipments.at(-1)?.createdAt ?? now;
  if (order.shippingUploadedAt && order.shippingUploadedAt >= newest) return "not_needed";
  if (order.shippingUploadCount >= MAX_UPLOADS) {
    await db().order.update({
      where: { id: order.id },
      data: { shippingUploadError: "WeChat allows one re-shipment per payment; this parcel was not uploaded" },
    });
    return "refused";
  }
  const client = (await miniProgramClient())?.client;
  if (!client) return "not_needed";
  const receiver = storedReceiverSchema.safeParse(order.shippingAddress);
  const split = order.shipments.length > 1;
  const body = {
    order_key: { order_number_type: 2, transaction_id: payment.transactionId },
    logistics_type: 1,
    delivery_mode: split ? 2 : 1,
    ...(split ? { is_all_delivered: true } : {}),
    shipping_list: order.shipments.slice(0, 15).map((shipment) => ({
      tracking_no: shipment.trackingNo,
      express_company: wechatDeliveryId(shipment.carrier) ?? shipment.carrier.toUpperCase(),
      item_desc: itemsOf(order.items) || "商品",
      // SF Express needs a contact; WeChat takes the masked phone (last four digits shown).
      ...(receiver.success ? { contact: { receiver_contact: receiver.data.phoneMasked } } : {}),
    })),
    upload_time: chinaTimestamp(now),
    payer: { openid: payment.payerOpenId ?? "" },
  };
  try {
    await client.post("/wxa/sec/order/upload_shipping_info", body, okSchema);
  } catch (error) {
    if (error instanceof PlatformApiError && error.errcode !== PAYMENT_NOT_INDEXED && error.errcode !== -1) {
      await db().order.update({
        where: { id: order.id },
        data: { shippingUploadError: `${error.errcode} ${error.errmsg}`.slice(0, 500) },
      });
      return "refused";
    }
    throw error;
  }
  await db().order.update({
    where: { id: order.id },
    data: { shippingUploadedAt: now, shippingUploadCount: { increment: 1 }, shippingUploadError: null },
  });
  return "uploaded";
}

/** Tells WeChat the buyer's parcel was delivered, once per uploaded mini-program order. */
export async function notifyReceipt(orderId: string): Promise<boolean> {
  const order = await db().order.findUnique({
    where: { id: orderId },
    select: {
      id: true,
      orderNo: true,
      deliveredAt: true,
      shippingUploadedAt: true,
      receiptNotifiedAt: true,
      payments: { where: { transactionId: { not: null } }, select: { transactionId: true }, take: 1 },
    },
  });
  const transactionId = order?.payments[0]?.transactionId;
  if (!order?.deliveredAt || !order.shippingUploadedAt || order.receiptNotifiedAt || !transactionId) return false;
  const client = (await miniProgramClient())?.client;
  if (!client) return false;
  // Claimed before the call: two runs at once (a redelivered job) tell WeChat once. A failed call
  // gives the claim back, for the retry.
  const claimed = await db().order.updateMany({
    where: { id: order.id, receiptNotifiedAt: null },
    data: { receiptNotifiedAt: new Date() },
  });
  if (claimed.count === 0) return false;
  try {
    await client.post(
      "/wxa/sec/order/notify_confirm_receive",
      {
        transaction_id: transactionId,
        merchant_id: getMerchant()?.mchId,
        merchant_trade_no: order.orderNo,
        received_time: Math.floor(order.deliveredAt.getTime() / 1000),
      },
      okSchema,
    );
  } catch (error) {
    await db().order.update({ where: { id: order.id }, data: { receiptNotifiedAt: null } });
    throw error;
  }
  return true;
}
