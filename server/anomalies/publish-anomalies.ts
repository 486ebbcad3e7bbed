// After commit: the anomaly queue, the customers' sidebars and the inbox badges read again.
import type { AnomalyChangedEvent } from "../realtime/events";
import { rooms } from "../realtime/events";
import { publish } from "../realtime/publish";
import type { AnomalyChanges } from "./evaluate-rules";

export function publishAnomalyChanges(changes: AnomalyChanges): void {
  if (changes.opened.length === 0 && changes.resolved.length === 0) return;
  const event: AnomalyChangedEvent = {
    opened: changes.opened.map(({ id, type, customerId, conversationId }) => ({
      id,
      type,
      customerId,
      conversationId,
    })),
    resolved: changes.resolved.map(({ id, type, customerId, conversationId }) => ({
      id,
      type,
      customerId,
      conversationId,
    })),
  };
  // Every console user may work the queue; the event names ids only, what they may see is read through the API.
  publish.toRooms([rooms.inbox, rooms.supervisors], "anomalies.changed", event);
}
