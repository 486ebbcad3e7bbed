// After commit: the anomaly queue, the customers' sidebars and the inbox badges read again.
import type { AnomalyChange, AnomalyChangedEvent } from "../realtime/events";
import { rooms } from "../realtime/events";
import { publish } from "../realtime/publish";
import { deliverWebhooksSoon } from "../webhooks/deliver-webhooks";
import type { AnomalyChanges } from "./evaluate-rules";
import { forgetOpenCounts } from "./queue/list-anomalies";
import type { ChangedAnomaly } from "./rules/rule";

const changeOf = ({ id, type, customerId, conversationId }: ChangedAnomaly): AnomalyChange => ({
  id,
  type,
  customerId,
  conversationId,
});

export function publishAnomalyChanges(changes: AnomalyChanges): void {
  const updated = changes.updated ?? [];
  if (changes.opened.length + changes.resolved.length + updated.length === 0) return;
  const event: AnomalyChangedEvent = {
    opened: changes.opened.map(changeOf),
    resolved: changes.resolved.map(changeOf),
    updated: updated.map(changeOf),
  };
  forgetOpenCounts();
  deliverWebhooksSoon();
  // Every console user may work the queue; the event names ids only, what they may see is read through the API.
  publish.toRooms([rooms.inbox, rooms.supervisors], "anomalies.changed", event);
}
