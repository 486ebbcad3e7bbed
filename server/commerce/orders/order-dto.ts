// An order as the open API and the console show it: items, payments, refunds and parcels with their
// tracking events. The receiver's phone appears masked only.
import type { Prisma } from "../../generated/prisma/client";
import { carrierName } from "../../logistics/carriers";
import { storedReceiverSchema } from "./receiver";

export const orderDtoInclude = {
  customer: { select: { id: true, name: true } },
  items: { orderBy: { id: "asc" }, include: { product: { select: { imageUrl: true } } } },
  payments: { orderBy: { createdAt: "asc" } },
  refunds: { orderBy: { createdAt: "asc" }, include: { requestedBy: { select: { name: true } } } },
  remedies: {
    where: { kind: "REFUND", status: "PENDING" },
    orderBy: { createdAt: "asc" },
    select: { id: true, costFen: true, reason: true, createdAt: true, requestedBy: { select: { name: true } } },
  },
  shipments: { orderBy: { createdAt: "asc" }, include: { events: { orderBy: { occurredAt: "asc" } } } },
} as const satisfies Prisma.OrderInclude;

/** For lists of many orders: parcels with their latest scan only, not their whole timelines. */
export const orderSummaryInclude = {
  ...orderDtoInclude,
  shipments: { orderBy: { createdAt: "asc" } },
} as const satisfies Prisma.OrderInclude;

type OrderWithParts =
  | Prisma.OrderGetPayload<{ include: typeof orderDtoInclude }>
  | Prisma.OrderGetPayload<{ include: typeof orderSummaryInclude }>;

/** What may still be refunded: the payment less refunds not closed and requests awaiting approval. */
function refundableFen(order: OrderWithParts): number {
  const payment = order.payments.find((candidate) => ["PAID", "PARTIALLY_REFUNDED"].includes(candidate.status));
  if (!payment) return 0;
  const committed = order.refunds
    .filter((refund) => refund.paymentId === payment.id && refund.status !== "CLOSED")
    .reduce((sum, refund) => sum + refund.amountFen, 0);
  const pending = order.remedies.reduce((sum, request) => sum + request.costFen, 0);
  return Math.max(0, payment.amountFen - committed - pending);
}

export function toOrderDto(order: OrderWithParts) {
  const receiver = storedReceiverSchema.safeParse(order.shippingAddress);
  return {
    orderNo: order.orderNo,
    status: order.status,
    channel: order.channel,
    totalFen: order.totalFen,
    refundedFen: order.refunds
      .filter((refund) => refund.status === "SUCCESS")
      .reduce((sum, refund) => sum + refund.amountFen, 0),
    refundableFen: refundableFen(order),
    createdAt: order.createdAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
    customer: { id: order.customer.id, name: order.customer.name },
    receiver: receiver.success
      ? {
          name: receiver.data.name,
          phoneMasked: receiver.data.phoneMasked,
          province: receiver.data.province,
          city: receiver.data.city,
          district: receiver.data.district,
          address: receiver.data.address,
        }
      : null,
    items: order.items.map((item) => ({
      sku: item.sku,
      name: item.name,
      quantity: item.quantity,
      unitPriceFen: item.unitPriceFen,
      imageUrl: item.product?.imageUrl ?? null,
    })),
    payments: order.payments.map((payment) => ({
      transactionId: payment.transactionId,
      status: payment.status,
      amountFen: payment.amountFen,
      paidAt: payment.paidAt?.toISOString() ?? null,
    })),
    refunds: order.refunds.map((refund) => ({
      outRefundNo: refund.outRefundNo,
      status: refund.status,
      amountFen: refund.amountFen,
      reason: refund.reason,
      createdAt: refund.createdAt.toISOString(),
      succeededAt: refund.succeededAt?.toISOString() ?? null,
      /** WeChat Pay's refusal (closed) or the last failed attempt (still being retried). */
      failureReason: refund.failureReason,
      requestedBy: refund.requestedBy?.name ?? null,
    })),
    pendingRefunds: order.remedies.map((request) => ({
      id: request.id,
      amountFen: request.costFen,
      reason: request.reason,
      requestedBy: request.requestedBy.name,
      createdAt: request.createdAt.toISOString(),
    })),
    shipments: order.shipments.map((shipment) => ({
      carrier: shipment.carrier,
      carrierName: { zh: carrierName(shipment.carrier, "zh"), en: carrierName(shipment.carrier, "en") },
      trackingNo: shipment.trackingNo,
      status: shipment.status,
      lastEventAt: shipment.lastEventAt?.toISOString() ?? null,
      lastEventText: shipment.lastEventText,
      /** The whole timeline, oldest first; empty in lists (lastEventText says where the parcel is). */
      events: ("events" in shipment ? shipment.events : []).map((event) => ({
        at: event.occurredAt.toISOString(),
        state: event.status,
        text: event.description,
        ...(event.location ? { location: event.location } : {}),
      })),
    })),
  };
}

export type OrderDto = ReturnType<typeof toOrderDto>;
