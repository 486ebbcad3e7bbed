// What an order card and a tracking card say: built from the order as it is now, in the customer's
// language (Chinese), short enough for every channel's card (title ≤ 64 bytes for a mini-program
// card, description ≤ 512 bytes for a kf link).
import { carrierName } from "../../logistics/carriers";
import { chinaWallClock } from "../../time/china-time";
import type { OrderDto } from "../orders/order-dto";

export type CardText = { title: string; description: string };

export const ORDER_STATUS_ZH: Record<OrderDto["status"], string> = {
  PENDING_PAYMENT: "待付款",
  PAID: "已付款",
  SHIPPED: "已发货",
  DELIVERED: "已签收",
  COMPLETED: "已完成",
  CANCELLED: "已取消",
  REFUNDING: "退款中",
  REFUNDED: "已退款",
};

const SHIPMENT_ZH: Record<OrderDto["shipments"][number]["status"], string> = {
  CREATED: "已下单",
  PICKED_UP: "已揽收",
  IN_TRANSIT: "运输中",
  OUT_FOR_DELIVERY: "派送中",
  DELIVERED: "已签收",
  FAILED_DELIVERY: "派送失败",
  RETURNING: "退回中",
  RETURNED: "已退回",
  REFUSED: "已拒收",
  CANCELLED: "已取消",
  EXCEPTION: "异常",
};

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/** Cuts text to a byte budget on a character boundary, marking the cut. */
export function fitBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let cut = "";
  for (const char of text) {
    if (Buffer.byteLength(`${cut}${char}…`) > maxBytes) break;
    cut += char;
  }
  return `${cut}…`;
}

/** China time, as the customer reads it: 12-06 09:12. */
function chinaTime(iso: string): string {
  const local = chinaWallClock(new Date(iso));
  return `${local.slice(5, 10)} ${local.slice(11, 16)}`;
}

export function orderCardText(order: OrderDto): CardText {
  const items = order.items.map((item) => `${item.name}×${item.quantity}`).join("、");
  return {
    title: fitBytes(`订单 ${order.orderNo} · ${ORDER_STATUS_ZH[order.status]}`, 64),
    description: fitBytes(`${items || "订单商品"}，共 ${yuan(order.totalFen)}`, 512),
  };
}

export function trackingCardText(order: OrderDto, shipment: OrderDto["shipments"][number]): CardText {
  const latest = shipment.events.at(-1);
  const where = latest ? `${chinaTime(latest.at)} ${latest.text}` : "快递公司尚未揽收";
  return {
    title: fitBytes(`${carrierName(shipment.carrier)} ${shipment.trackingNo} · ${SHIPMENT_ZH[shipment.status]}`, 64),
    description: fitBytes(`最新：${where}（订单 ${order.orderNo}）`, 512),
  };
}
