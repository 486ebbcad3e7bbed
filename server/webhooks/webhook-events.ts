// The events LoopDesk tells the brand's systems, and how one is emitted: a delivery row per active
// subscription that wants it, written in the transaction that made the event true, so an event is
// never lost to a crash between the change and its announcement, and never doubled (its id comes
// from what happened).
import { createHash } from "node:crypto";
import { newId } from "../db/new-id";
import type { SqlConnection } from "../db/sql-connection";

export const WEBHOOK_EVENT_TYPES = [
  "order.paid",
  "order.shipped",
  "order.delivered",
  "refund.succeeded",
  "anomaly.opened",
  "anomaly.resolved",
  "replenishment.requested",
  "regional_spike.detected",
  "conversation.resolved",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export type WebhookEvent = {
  type: WebhookEventType;
  /** What it is about ("order:<id>"): a subscription receives one subject's events in order. */
  subjectKey: string;
  /** Tells apart two events of one type and subject (a second resolution); empty for one-off facts. */
  occurrence?: string;
  data: Record<string, unknown>;
};

/** The same fact always has the same id: replays and repeated emits are recognisable as one event. */
export const eventIdOf = (event: Pick<WebhookEvent, "type" | "subjectKey" | "occurrence">) =>
  `evt_${createHash("sha256")
    .update(`${event.type}\u0000${event.subjectKey}\u0000${event.occurrence ?? ""}`)
    .digest("hex")
    .slice(0, 32)}`;

/** Queues the events for every active subscription to their type, inside the caller's transaction. */
export async function emitWebhookEvents(tx: SqlConnection, events: WebhookEvent[], now = new Date()): Promise<void> {
  if (events.length === 0) return;
  const at = now.toISOString();
  const rows = events.map((event) => {
    const id = eventIdOf(event);
    // Deliveries of one subject go out in id order: ids made in emission order keep two events of one
    // transaction (shipped, then delivered) in the order they happened.
    return {
      id,
      rowId: newId(),
      event,
      body: JSON.stringify({ id, type: event.type, createdAt: at, data: event.data }),
    };
  });
  await tx.query(
    `INSERT INTO "WebhookDelivery" (id, "eventId", "createdAt", "subscriptionId", type, "subjectKey", body, status,
       attempts, "nextAttemptAt")
     SELECT e.row || s.id, e.id, $5::timestamp, s.id, e.type, e.subject, e.body, 'PENDING', 0, $5::timestamp
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $6::text[]) AS e(id, type, subject, body, row)
     JOIN "WebhookSubscription" s ON s.active AND e.type = ANY(s.events)
     ON CONFLICT ("subscriptionId", "eventId") DO NOTHING`,
    [
      rows.map((row) => row.id),
      rows.map((row) => row.event.type),
      rows.map((row) => row.event.subjectKey),
      rows.map((row) => row.body),
      at,
      rows.map((row) => row.rowId),
    ],
  );
}
