// Durable storage of verified webhooks, before they are acknowledged. Acknowledgements that arrive
// while others are being written share the next INSERT (server/db/group-commit.ts).
import { getDatabase } from "../db/db";
import { createGroupCommit } from "../db/group-commit";
import { newId } from "../db/new-id";
import type { StoredInboundEvent } from "./inbound-processor";

/** `channelAccountId` is null for sources that are no channel (a payment merchant): their key carries its scope. */
export type NewInboundEvent = Pick<StoredInboundEvent, "source" | "dedupeKey" | "payload" | "channelAccountId">;

/** The stored dedupe key: prefixed with the account, so two accounts' ids never collide. */
export const storedDedupeKey = (event: Pick<NewInboundEvent, "channelAccountId" | "dedupeKey">) =>
  event.channelAccountId ? `${event.channelAccountId}:${event.dedupeKey}` : event.dedupeKey;

/**
 * Stores events in one statement; returns those not stored before (a retry, a replay or a copy
 * earlier in the same list is left out), in the given order.
 */
async function storeInboundEvents(events: NewInboundEvent[]): Promise<StoredInboundEvent[]> {
  const receivedAt = new Date();
  // Built field by field: no keys after a spread on the hot path (docs/performance.md, "Object shapes").
  const rows = events.map(
    (event): StoredInboundEvent => ({
      id: newId(),
      source: event.source,
      channelAccountId: event.channelAccountId,
      dedupeKey: storedDedupeKey(event),
      payload: event.payload,
      receivedAt,
    }),
  );
  const { rows: inserted } = await getDatabase().sql.query<{ id: string }>(
    `INSERT INTO "InboundEvent" (id, source, "dedupeKey", payload, "channelAccountId", "receivedAt")
     SELECT e.id, e.source::"InboundSource", e.key, e.payload, e.channel, $6
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS e(id, source, key, payload, channel)
     ON CONFLICT (source, "dedupeKey") DO NOTHING
     RETURNING id`,
    [
      rows.map((row) => row.id),
      rows.map((row) => row.source),
      rows.map((row) => row.dedupeKey),
      rows.map((row) => row.payload),
      rows.map((row) => row.channelAccountId),
      receivedAt.toISOString(),
    ],
  );
  const stored = new Set(inserted.map((row) => row.id));
  return rows.filter((row) => stored.has(row.id));
}

type Waiting = {
  event: NewInboundEvent;
  resolve: (stored: StoredInboundEvent | null) => void;
  reject: (error: unknown) => void;
};

// One INSERT at a time: alone at low rates, shared by the acknowledgements that arrive meanwhile
// under load (docs/performance.md, "Group commit").
const acknowledgements = createGroupCommit<Waiting>({
  maxInFlight: 1,
  maxGroup: 500,
  async write(group) {
    try {
      const stored = await storeInboundEvents(group.map((item) => item.event));
      // Each stored row belongs to the first waiter with its key; later copies were duplicates.
      const byKey = new Map(stored.map((event) => [`${event.source}:${event.dedupeKey}`, event]));
      for (const item of group) {
        const key = `${item.event.source}:${storedDedupeKey(item.event)}`;
        item.resolve(byKey.get(key) ?? null);
        byKey.delete(key);
      }
    } catch (error) {
      for (const item of group) item.reject(error);
    }
  },
});

/**
 * Durably records a verified webhook before it is acknowledged. Returns the new event, or null when
 * the same event was stored before (a retry or a replay).
 */
export function storeInboundEvent(event: NewInboundEvent): Promise<StoredInboundEvent | null> {
  return new Promise((resolve, reject) => {
    acknowledgements.add({ event, resolve, reject });
  });
}
