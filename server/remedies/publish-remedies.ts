// After a remedy is given, requested, decided or has failed: approval lists, the order beside the
// chat and the anomaly's remedy cost read again.
import { orderChanged } from "../commerce/orders/order-changed";
import { rooms } from "../realtime/events";
import { publish } from "../realtime/publish";

export async function publishRemedyChange(change: {
  customerId: string;
  orderId: string | null;
  anomalyId: string | null;
}): Promise<void> {
  if (change.orderId) await orderChanged(change.orderId);
  publish.toRooms([rooms.inbox, rooms.supervisors], "remedies.changed", {
    customerId: change.customerId,
    anomalyId: change.anomalyId,
  });
}
