import { getDatabase } from "../db/db";
import { newId } from "../db/new-id";
import type { InboundSource } from "../generated/prisma/enums";

export type StoreInboundEventOptions = {
  source: InboundSource;
  channelAccountId: string;
  /** Unique per source; prefixed with the account so two accounts never collide. */
  dedupeKey: string;
  payload: string;
};

export type StoredInboundEvent = StoreInboundEventOptions & { id: string; receivedAt: Date };

/**
 * Durably records a verified webhook before it is acknowledged: one INSERT on the hot path. Returns
 * the new event, or null when the same event was stored before (a WeChat retry or a replay).
 */
export async function storeInboundEvent(options: StoreInboundEventOptions): Promise<StoredInboundEvent | null> {
  const id = newId();
  const receivedAt = new Date();
  const { rows } = await getDatabase().sql.query<{ id: string }>(
    `INSERT INTO "InboundEvent" (id, source, "dedupeKey", payload, "channelAccountId", "receivedAt")
     VALUES ($1, $2::"InboundSource", $3, $4, $5, $6)
     ON CONFLICT (source, "dedupeKey") DO NOTHING
     RETURNING id`,
    [
      id,
      options.source,
      `${options.channelAccountId}:${options.dedupeKey}`,
      options.payload,
      options.channelAccountId,
      receivedAt.toISOString(),
    ],
  );
  return rows[0] ? { ...options, id, receivedAt } : null;
}
