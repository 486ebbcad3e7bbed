// A reported parcel is followed: the tracking service is asked to push its scans to LoopDesk. Run in
// a job (retried); a parcel already followed is left alone, so redelivery costs nothing.
import { storedReceiverSchema } from "../commerce/orders/receiver";
import { db } from "../db/db";
import type { CarrierPort } from "./carrier-port";
import { kuaidi100Port } from "./kuaidi100/kuaidi100-client";

/** Returns whether the parcel is followed now (false: no tracking service is configured). */
export async function followParcel(shipmentId: string, port: CarrierPort | null = kuaidi100Port()): Promise<boolean> {
  if (!port) return false;
  const shipment = await db().shipment.findUnique({
    where: { id: shipmentId },
    select: { carrier: true, trackingNo: true, subscribedAt: true, order: { select: { shippingAddress: true } } },
  });
  if (!shipment) return false;
  if (shipment.subscribedAt) return true;
  const receiver = storedReceiverSchema.safeParse(shipment.order.shippingAddress);
  await port.follow({
    carrier: shipment.carrier,
    trackingNo: shipment.trackingNo,
    // SF Express answers only with the receiver's phone; its last four digits are enough, and the
    // full number stays sealed.
    receiverPhone: receiver.success ? receiver.data.phoneMasked.slice(-4) : undefined,
  });
  await db().shipment.update({ where: { id: shipmentId }, data: { subscribedAt: new Date() } });
  return true;
}
