// Tracking events for a parcel, from whichever carrier adapter: stored once each (carriers repeat
// and re-push whole histories), in any order. The parcel's status is its latest event's by time, so
// a late scan never undoes a delivery; the order ships at the first scan and is delivered when signed.
import { createHash } from "node:crypto";
import { orderChanged } from "../commerce/orders/order-changed";
import { ORDER_STATUS_FROM } from "../commerce/orders/order-status";
import { db } from "../db/db";
import { prismaSql } from "../db/prisma-sql";
import type { ShipmentStatus } from "../generated/prisma/enums";
import { enqueue } from "../jobs/enqueue";
import { createLogger } from "../logger";
import { emitWebhookEvents } from "../webhooks/webhook-events";
import { noteParcelNotices, parcelNoticesWanted } from "./parcel-notices/note-parcel-notices";
import { milestonesOf } from "./parcel-notices/parcel-milestones";

const log = createLogger("logistics");

export type TrackingScan = {
  occurredAt: Date;
  status: ShipmentStatus;
  carrierCode: string;
  description: string;
  location?: string;
};

/** One event per time and text: a re-push may give an old scan another code, never another row. */
const dedupeKeyOf = (scan: TrackingScan) =>
  createHash("sha1").update(`${scan.occurredAt.toISOString()}\u0000${scan.description}`).digest("hex");

/** Applies a carrier's scans to its parcel; false when LoopDesk knows no such parcel. */
export async function applyTracking(
  parcel: { carrier: string; trackingNo: string },
  scans: TrackingScan[],
): Promise<boolean> {
  const shipment = await db().shipment.findUnique({
    where: { carrier_trackingNo: { carrier: parcel.carrier, trackingNo: parcel.trackingNo } },
    select: { id: true, orderId: true, status: true },
  });
  if (!shipment) return false;
  const noticesWanted = await parcelNoticesWanted();
  let notices: string[] = [];
  const changed = await db().$transaction(async (tx) => {
    const added = await tx.trackingEvent.createMany({
      data: scans.map((scan) => ({
        shipmentId: shipment.id,
        occurredAt: scan.occurredAt,
        status: scan.status,
        carrierCode: scan.carrierCode,
        description: scan.description.slice(0, 500),
        location: scan.location?.slice(0, 200) ?? null,
        dedupeKey: dedupeKeyOf(scan),
      })),
      skipDuplicates: true,
    });
    if (added.count === 0) return null;
    const latest = await tx.trackingEvent.findFirstOrThrow({
      where: { shipmentId: shipment.id },
      orderBy: [{ occurredAt: "desc" }, { createdAt: "desc" }],
      select: { status: true, occurredAt: true, description: true },
    });
    const delivered = latest.status === "DELIVERED";
    await tx.shipment.update({
      where: { id: shipment.id },
      data: {
        status: latest.status,
        lastEventAt: latest.occurredAt,
        lastEventText: latest.description,
        ...(delivered ? { deliveredAt: latest.occurredAt } : {}),
      },
    });
    if (noticesWanted) {
      notices = await noteParcelNotices(
        tx,
        shipment.id,
        milestonesOf({ previous: shipment.status, status: latest.status }),
      );
    }
    // The order's parcel status is its most recently moved parcel's.
    await tx.order.update({ where: { id: shipment.orderId }, data: { parcelStatus: latest.status } });
    const shipped = await tx.order.updateMany({
      where: { id: shipment.orderId, status: { in: [...ORDER_STATUS_FROM.SHIPPED] } },
      data: { status: "SHIPPED", shippedAt: latest.occurredAt },
    });
    const moved = delivered
      ? await tx.order.updateMany({
          where: { id: shipment.orderId, status: { in: [...ORDER_STATUS_FROM.DELIVERED] } },
          data: { status: "DELIVERED", deliveredAt: latest.occurredAt },
        })
      : { count: 0 };
    if (shipped.count + moved.count > 0) {
      const order = await tx.order.findUniqueOrThrow({ where: { id: shipment.orderId }, select: { orderNo: true } });
      const data = {
        orderNo: order.orderNo,
        carrier: parcel.carrier,
        trackingNo: parcel.trackingNo,
        at: latest.occurredAt.toISOString(),
        text: latest.description,
      };
      await emitWebhookEvents(prismaSql(tx), [
        ...(shipped.count > 0
          ? [{ type: "order.shipped" as const, subjectKey: `order:${shipment.orderId}`, data }]
          : []),
        ...(moved.count > 0
          ? [{ type: "order.delivered" as const, subjectKey: `order:${shipment.orderId}`, data }]
          : []),
      ]);
    }
    return moved.count > 0 ? "delivered" : "changed";
  });
  if (!changed) return true;
  await orderChanged(shipment.orderId);
  for (const noticeId of notices) {
    // The scans are stored: a notice not queued now is queued by the minute's sweep.
    await enqueue("logistics.notify-parcel-change", { noticeId }, { singletonKey: noticeId }).catch((error: unknown) =>
      log.warn({ err: error, noticeId }, "parcel notice not queued; the sweep queues it"),
    );
  }
  // WeChat is told a mini-program buyer's parcel arrived (the job skips other orders).
  if (changed === "delivered") await enqueue("logistics.notify-receipt", { orderId: shipment.orderId });
  return true;
}
