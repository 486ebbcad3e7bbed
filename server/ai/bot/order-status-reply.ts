// How the bot answers "where is my order?": from the customer's own order and its parcel as stored,
// never anything else. It reports what the data says and hands over whatever needs a decision
// (a late or troubled parcel, money moving back, an order that is not the asker's).
import type { OrderStatus, ShipmentStatus } from "../../generated/prisma/enums";
import { carrierName } from "../../logistics/carriers";
import { chinaWallClock } from "../../time/china-time";

export type OrderFacts = {
  orderNo: string;
  status: OrderStatus;
  paidAt: Date | null;
  parcel: {
    carrier: string;
    trackingNo: string;
    status: ShipmentStatus;
    lastEventAt: Date | null;
    lastEventText: string | null;
  } | null;
};

export type OrderStatusReply =
  | { kind: "answer"; text: string }
  | { kind: "handoff"; why: "order_needs_person" | "parcel_late" | "parcel_problem" | "not_theirs" };

/** The shop's promise for paid orders, as the texts state it. */
const SHIP_WITHIN_HOURS = 48;
/** A parcel quiet this long is stalled (the anomaly rule's default): a person looks into it. */
const STALLED_HOURS = 48;
const PROBLEM: ReadonlySet<ShipmentStatus> = new Set([
  "FAILED_DELIVERY",
  "RETURNING",
  "RETURNED",
  "REFUSED",
  "CANCELLED",
  "EXCEPTION",
]);

/** "今天 09:12", "昨天 18:30" or "12月3日 09:12" on China's clock. */
export function spokenTime(at: Date, now: Date): string {
  const clock = chinaWallClock(at);
  const day = clock.slice(0, 10);
  const time = clock.slice(11, 16);
  const today = chinaWallClock(now).slice(0, 10);
  const yesterday = chinaWallClock(new Date(now.getTime() - 86_400_000)).slice(0, 10);
  if (day === today) return `今天 ${time}`;
  if (day === yesterday) return `昨天 ${time}`;
  return `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日 ${time}`;
}

export function orderStatusReply(order: OrderFacts, now: Date): OrderStatusReply {
  const hoursSince = (at: Date) => (now.getTime() - at.getTime()) / 3_600_000;
  const { parcel } = order;
  if (order.status === "CANCELLED" || order.status === "REFUNDING" || order.status === "REFUNDED") {
    return { kind: "handoff", why: "order_needs_person" };
  }
  if (parcel) {
    if (PROBLEM.has(parcel.status)) return { kind: "handoff", why: "parcel_problem" };
    const name = `${carrierName(parcel.carrier)} ${parcel.trackingNo}`;
    if (!parcel.lastEventAt || !parcel.lastEventText) {
      return {
        kind: "answer",
        text: `您的订单 ${order.orderNo} 已发货（${name}），快递公司暂未更新物流信息，稍后可再问我。`,
      };
    }
    if (parcel.status !== "DELIVERED" && hoursSince(parcel.lastEventAt) > STALLED_HOURS) {
      return { kind: "handoff", why: "parcel_late" };
    }
    return {
      kind: "answer",
      text: `您的包裹（${name}）${spokenTime(parcel.lastEventAt, now)} ${parcel.lastEventText.trim()}`,
    };
  }
  switch (order.status) {
    case "PENDING_PAYMENT":
      return {
        kind: "answer",
        text: `您的订单 ${order.orderNo} 还未付款，付款后预计 ${SHIP_WITHIN_HOURS} 小时内发货。`,
      };
    case "PAID":
      if (order.paidAt && hoursSince(order.paidAt) > SHIP_WITHIN_HOURS) return { kind: "handoff", why: "parcel_late" };
      return { kind: "answer", text: `您的订单 ${order.orderNo} 已付款，预计 ${SHIP_WITHIN_HOURS} 小时内发货。` };
    case "DELIVERED":
    case "COMPLETED":
      return { kind: "answer", text: `您的订单 ${order.orderNo} 已签收。` };
    default:
      // Shipped with no parcel on record: nothing true to say about where it is.
      return { kind: "handoff", why: "order_needs_person" };
  }
}
