// ref: https://developer.work.weixin.qq.com/document/path/94670 (kf/sync_msg)
// A kf callback only says "something new for this open_kfid": we pull. One puller per open_kfid
// (a lease on its cursor row across instances; a promise within this process), the cursor saved
// after every page so an interruption resumes without gap, has_more followed through empty pages.
// Each page is stored as InboundEvents (one statement) before the cursor moves, so nothing is lost
// in between; its items are then ingested through the bounded post-acknowledgement queue.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { getDatabase } from "../../db/db";
import { newId } from "../../db/new-id";
import { createLogger } from "../../logger";
import { processInboundEvent } from "../../webhooks/process-inbound-event";
import { postAckQueue } from "../../webhooks/processing-queue";
import type { CallbackAccount } from "../accounts/get-callback-account";
import { findOrCreateKfAccount } from "./kf-accounts";
import { prefetchKfProfiles } from "./kf-profiles";
import { createWecomClient } from "./wecom-client";

const log = createLogger("wecom-sync");
const INSTANCE = randomUUID();
const LEASE_MS = 60_000;
const PAGE_LIMIT = 1000;
/** A callback that arrives during a sync makes the running sync go round once more. */
const running = new Map<string, { promise: Promise<SyncResult>; again: boolean }>();
const kfAccountIds = new Map<string, string>();

const syncResponseSchema = z.object({
  next_cursor: z.string().max(256).default(""),
  has_more: z.number().int().default(0),
  msg_list: z.array(z.record(z.string(), z.unknown())).max(PAGE_LIMIT).default([]),
});

export type SyncResult = { pages: number; stored: number; leased: boolean };

export type SyncKfOptions = { connection: CallbackAccount; openKfId: string; callbackToken?: string };

async function kfAccountId(connection: CallbackAccount, openKfId: string): Promise<string> {
  const key = `${connection.id}:${openKfId}`;
  const cached = kfAccountIds.get(key);
  if (cached) return cached;
  const { id } = await findOrCreateKfAccount(connection, openKfId);
  kfAccountIds.set(key, id);
  return id;
}

/**
 * Ingests a page's items through the bounded queue: one customer's items one after another, in the
 * page's order (a servicer's reply must not overtake the message that opened the conversation);
 * different customers side by side.
 */
function ingestInCustomerOrder(events: Awaited<ReturnType<typeof storePage>>): Promise<void>[] {
  const byCustomer = new Map<string, typeof events>();
  for (const event of events) {
    const item = JSON.parse(event.payload) as { external_userid?: unknown; event?: { external_userid?: unknown } };
    const customer = String(item.external_userid ?? item.event?.external_userid ?? "");
    byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), event]);
  }
  return [...byCustomer.values()].map((queue) =>
    queue.reduce<Promise<void>>(
      (previous, event) => previous.then(() => postAckQueue().push(() => processInboundEvent(event))),
      Promise.resolve(),
    ),
  );
}

/** Takes the lease on this kf account's cursor (creating the row if needed); null if another instance holds it. */
async function acquireLease(channelAccountId: string, scope: string): Promise<string | null> {
  const now = new Date();
  const { rows } = await getDatabase().sql.query<{ cursor: string }>(
    `INSERT INTO "SyncCursor" (id, "channelAccountId", scope, cursor, "leasedUntil", "leasedBy", "updatedAt")
     VALUES ($1, $2, $3, '', $4, $5, $6)
     ON CONFLICT ("channelAccountId", scope) DO UPDATE SET "leasedUntil" = $4, "leasedBy" = $5, "updatedAt" = $6
       WHERE "SyncCursor"."leasedUntil" IS NULL OR "SyncCursor"."leasedUntil" < $6 OR "SyncCursor"."leasedBy" = $5
     RETURNING cursor`,
    [newId(), channelAccountId, scope, new Date(now.getTime() + LEASE_MS).toISOString(), INSTANCE, now.toISOString()],
  );
  return rows[0] ? rows[0].cursor : null;
}

/** Stores a page's items as inbound events in one statement; returns the ones not seen before. */
async function storePage(channelAccountId: string, items: Record<string, unknown>[]) {
  const fresh = items.flatMap((item) =>
    typeof item.msgid === "string"
      ? [{ id: newId(), dedupeKey: `${channelAccountId}:msg:${item.msgid}`, payload: JSON.stringify(item) }]
      : [],
  );
  if (fresh.length === 0) return [];
  const receivedAt = new Date();
  const { rows } = await getDatabase().sql.query<{ id: string }>(
    `INSERT INTO "InboundEvent" (id, source, "dedupeKey", payload, "channelAccountId", "receivedAt")
     SELECT id, 'WECOM', "dedupeKey", payload, $4, $5
     FROM unnest($1::text[], $2::text[], $3::text[]) AS item(id, "dedupeKey", payload)
     ON CONFLICT (source, "dedupeKey") DO NOTHING
     RETURNING id`,
    [
      fresh.map((f) => f.id),
      fresh.map((f) => f.dedupeKey),
      fresh.map((f) => f.payload),
      channelAccountId,
      receivedAt.toISOString(),
    ],
  );
  const stored = new Set(rows.map((row) => row.id));
  return fresh
    .filter((f) => stored.has(f.id))
    .map((f) => ({ id: f.id, source: "WECOM" as const, payload: f.payload, channelAccountId, receivedAt }));
}

/**
 * One round of pulls. It waits for its items to be ingested before the next round: that batches
 * the messages arriving meanwhile into one page (measured: far faster than a round per callback).
 */
async function runSync(options: SyncKfOptions): Promise<SyncResult> {
  const channelAccountId = await kfAccountId(options.connection, options.openKfId);
  let cursor = await acquireLease(channelAccountId, options.openKfId);
  if (cursor === null) return { pages: 0, stored: 0, leased: false };
  const { sql } = getDatabase();
  const client = createWecomClient({ corpId: options.connection.appId, secret: options.connection.secret });
  const processing: Promise<void>[] = [];
  let pages = 0;
  let stored = 0;
  try {
    for (;;) {
      const page: z.infer<typeof syncResponseSchema> = await client.post(
        "/cgi-bin/kf/sync_msg",
        { cursor: cursor || undefined, token: options.callbackToken, limit: PAGE_LIMIT, open_kfid: options.openKfId },
        syncResponseSchema,
      );
      pages += 1;
      const fresh = await storePage(channelAccountId, page.msg_list);
      await prefetchKfProfiles(client, channelAccountId, page.msg_list);
      cursor = page.next_cursor || cursor;
      await sql.query(
        `UPDATE "SyncCursor" SET cursor = $3, "leasedUntil" = $4, "updatedAt" = $5 WHERE "channelAccountId" = $1 AND scope = $2`,
        [
          channelAccountId,
          options.openKfId,
          cursor,
          new Date(Date.now() + LEASE_MS).toISOString(),
          new Date().toISOString(),
        ],
      );
      stored += fresh.length;
      processing.push(...ingestInCustomerOrder(fresh));
      if (page.has_more !== 1) break;
    }
  } finally {
    await Promise.all(processing);
    await sql.query(
      `UPDATE "SyncCursor" SET "leasedUntil" = NULL, "leasedBy" = NULL WHERE "channelAccountId" = $1 AND scope = $2 AND "leasedBy" = $3`,
      [channelAccountId, options.openKfId, INSTANCE],
    );
  }
  return { pages, stored, leased: true };
}

/** Pulls everything new for one kf account; concurrent calls share one run (plus one more round). */
export function syncKfMessages(options: SyncKfOptions): Promise<SyncResult> {
  const key = `${options.connection.id}:${options.openKfId}`;
  const current = running.get(key);
  if (current) {
    current.again = true;
    return current.promise;
  }
  const entry = { promise: Promise.resolve<SyncResult>({ pages: 0, stored: 0, leased: false }), again: false };
  entry.promise = (async () => {
    try {
      let total: SyncResult = { pages: 0, stored: 0, leased: false };
      do {
        entry.again = false;
        const result = await runSync(options);
        total = { pages: total.pages + result.pages, stored: total.stored + result.stored, leased: result.leased };
      } while (entry.again);
      return total;
    } finally {
      running.delete(key);
    }
  })();
  running.set(key, entry);
  return entry.promise.catch((error: unknown) => {
    log.error({ err: error, openKfId: options.openKfId }, "kf sync failed");
    throw error;
  });
}
