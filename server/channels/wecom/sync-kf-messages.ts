// ref: https://developer.work.weixin.qq.com/document/path/94670 (kf/sync_msg)
// A kf callback only says "something new for this open_kfid": we pull. One puller per open_kfid
// (a lease on its cursor row across instances; a promise within this process), the cursor saved
// after every page so an interruption resumes without gap, has_more followed through empty pages.
// Each page is stored as InboundEvents in the statement that moves the cursor past it, so nothing is
// lost in between; its items are then ingested through the bounded post-acknowledgement queue.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { getDatabase } from "../../db/db";
import { newId } from "../../db/new-id";
import type { StoredInboundEvent } from "../../inbound/inbound-processor";
import { processInboundEvent } from "../../inbound/process-inbound-event";
import { postAckQueue } from "../../inbound/processing-queue";
import { storedDedupeKey } from "../../inbound/store-inbound-event";
import { createSerialQueues, type SerialQueues } from "../../jobs/serial-queues";
import { createLogger } from "../../logger";
import type { CallbackAccount } from "../accounts/get-callback-account";
import { findOrCreateKfAccount } from "./kf-accounts";
import { kfItemProcessor } from "./kf-item-processor";
import { prefetchKfProfiles } from "./kf-profiles";
import { createWecomClient } from "./wecom-client";

const log = createLogger("wecom-sync");
const INSTANCE = randomUUID();
const LEASE_MS = 60_000;
const PAGE_LIMIT = 1000;
/** A callback that arrives during a sync makes the running sync go round once more. */
const running = new Map<string, Run>();
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

type PulledItem = { event: StoredInboundEvent; item: Record<string, unknown> };

/**
 * Ingests a page's items through the bounded queue: one customer's items one after another, in the
 * order pulled, across pages and rounds (a servicer's reply must not overtake the message that opened
 * the conversation); different customers side by side.
 */
function ingestInCustomerOrder(pulled: PulledItem[], customers: SerialQueues): Promise<void>[] {
  return pulled.map(({ event, item }) => {
    const customerEvent = item.event as { external_userid?: unknown } | undefined;
    const customer = String(item.external_userid ?? customerEvent?.external_userid ?? "");
    return customers.run(customer, () => postAckQueue().push(() => processInboundEvent(event, kfItemProcessor)));
  });
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

/**
 * Stores a page's items as inbound events and moves the cursor past them, in one statement (so the
 * cursor never passes what is not stored); returns the items not seen before, in the order pulled.
 * `answered`: the stored callbacks this page answers, marked processed with it.
 */
async function storePage(
  lease: { channelAccountId: string; openKfId: string; cursor: string },
  items: Record<string, unknown>[],
  answered: string[],
): Promise<PulledItem[]> {
  const { channelAccountId } = lease;
  const now = new Date();
  const receivedAt = now.toISOString();
  const pulled = items.flatMap((item): PulledItem[] =>
    typeof item.msgid === "string"
      ? [
          {
            item,
            event: {
              id: newId(),
              source: "WECOM_KF_ITEM",
              channelAccountId,
              dedupeKey: storedDedupeKey({ channelAccountId, dedupeKey: `msg:${item.msgid}` }),
              payload: JSON.stringify(item),
              receivedAt: now,
            },
          },
        ]
      : [],
  );
  const { rows } = await getDatabase().sql.query<{ id: string }>(
    `WITH answered AS (
       UPDATE "InboundEvent" SET "processedAt" = $4, attempts = attempts + 1, "lastError" = NULL
       WHERE id = ANY($5::text[])
     ), advanced AS (
       UPDATE "SyncCursor" SET cursor = $8, "leasedUntil" = $9, "updatedAt" = $4
       WHERE "channelAccountId" = $6 AND scope = $7
     )
     INSERT INTO "InboundEvent" (id, source, "dedupeKey", payload, "channelAccountId", "receivedAt")
     SELECT e.id, 'WECOM_KF_ITEM', e.key, e.payload, $6, $4
     FROM unnest($1::text[], $2::text[], $3::text[]) AS e(id, key, payload)
     ON CONFLICT (source, "dedupeKey") DO NOTHING
     RETURNING id`,
    [
      pulled.map(({ event }) => event.id),
      pulled.map(({ event }) => event.dedupeKey),
      pulled.map(({ event }) => event.payload),
      receivedAt,
      answered,
      channelAccountId,
      lease.openKfId,
      lease.cursor,
      new Date(now.getTime() + LEASE_MS).toISOString(),
    ],
  );
  const stored = new Set(rows.map((row) => row.id));
  return pulled.filter(({ event }) => stored.has(event.id));
}

type Answer = { promise: Promise<SyncResult>; resolve(result: SyncResult): void; reject(error: unknown): void };

/** Settles when the round that answers a callback has stored and ingested what it pulled. */
function createAnswer(): Answer {
  let resolve: Answer["resolve"] = () => {};
  let reject: Answer["reject"] = () => {};
  const promise = new Promise<SyncResult>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  // Nobody may be waiting (a round with no callback): its failure is reported by the run.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

type Run = {
  promise: Promise<SyncResult>;
  /** A callback arrived during the current round: go round once more. */
  again: boolean;
  /** The stored callbacks the next round answers: marked processed with its last cursor update. */
  callbacks: string[];
  /**
   * What the next round's callbacks wait for. A callback waits for its own round, not for the whole
   * run: under steady load a run lasts as long as the load, and every callback kept waiting held its
   * processing, and its event, in memory until the load stopped.
   */
  answer: Answer;
  /** The freshest callback Token: sync_msg skips its strict rate limit with it. */
  token?: string;
};

/**
 * One round of pulls, every page stored before the cursor moves past it. The callbacks it answers
 * are marked processed with the last page's cursor (their items are durable by then). Returns once
 * the pages are stored; `ingested` settles when their items are in conversations.
 */
async function runRound(
  client: ReturnType<typeof createWecomClient>,
  lease: { channelAccountId: string; openKfId: string; cursor: string },
  run: Run,
  customers: SerialQueues,
): Promise<{ pages: number; stored: number; ingested: Promise<unknown> }> {
  const callbacks = run.callbacks.splice(0);
  const answer = run.answer;
  run.answer = createAnswer();
  const processing: Promise<void>[] = [];
  let pages = 0;
  let stored = 0;
  try {
    for (;;) {
      const page: z.infer<typeof syncResponseSchema> = await client.post(
        "/cgi-bin/kf/sync_msg",
        { cursor: lease.cursor || undefined, token: run.token, limit: PAGE_LIMIT, open_kfid: lease.openKfId },
        syncResponseSchema,
      );
      pages += 1;
      lease.cursor = page.next_cursor || lease.cursor;
      const last = page.has_more !== 1;
      const fresh = await storePage(lease, page.msg_list, last ? callbacks : []);
      await prefetchKfProfiles(client, lease.channelAccountId, page.msg_list);
      stored += fresh.length;
      processing.push(...ingestInCustomerOrder(fresh, customers));
      if (last) {
        const ingested = Promise.all(processing);
        void ingested.then(() => answer.resolve({ pages, stored, leased: true }));
        return { pages, stored, ingested };
      }
    }
  } catch (error) {
    // A failed round leaves its callbacks unanswered: each records the failure, the sweep retries.
    await Promise.all(processing);
    answer.reject(error);
    throw error;
  }
}

/**
 * Rounds under one lease until no callback is left unanswered, then the lease is released. A round
 * starts once the one before it is stored and the one before that is ingested: a message pulled
 * just after a round began waits for one round, not two, while the messages arriving during an
 * ingestion still gather into one page (docs/performance.md, "A kf message waits for one pull").
 */
async function runSync(options: SyncKfOptions, run: Run): Promise<SyncResult> {
  const channelAccountId = await kfAccountId(options.connection, options.openKfId);
  const cursor = await acquireLease(channelAccountId, options.openKfId);
  if (cursor === null) return { pages: 0, stored: 0, leased: false };
  const client = createWecomClient({ corpId: options.connection.appId, secret: options.connection.secret });
  const lease = { channelAccountId, openKfId: options.openKfId, cursor };
  const total: SyncResult = { pages: 0, stored: 0, leased: true };
  const customers = createSerialQueues();
  let ingesting: Promise<unknown> = Promise.resolve();
  try {
    do {
      run.again = false;
      const round = await runRound(client, lease, run, customers);
      total.pages += round.pages;
      total.stored += round.stored;
      await ingesting;
      ingesting = round.ingested;
    } while (run.again);
  } finally {
    await ingesting;
    await getDatabase().sql.query(
      `UPDATE "SyncCursor" SET "leasedUntil" = NULL, "leasedBy" = NULL WHERE "channelAccountId" = $1 AND scope = $2 AND "leasedBy" = $3`,
      [channelAccountId, options.openKfId, INSTANCE],
    );
  }
  return total;
}

/**
 * Pulls everything new for one kf account; concurrent calls share one run (plus one more round).
 * `callbackEventId` is the stored callback that asked: it is marked processed by the round that
 * answers it, so the caller need not, and the call settles with that round. Without one, the call
 * settles when the run ends.
 */
export function syncKfMessages(options: SyncKfOptions & { callbackEventId?: string }): Promise<SyncResult> {
  const key = `${options.connection.id}:${options.openKfId}`;
  const current = running.get(key);
  if (current) {
    current.again = true;
    if (options.callbackEventId) current.callbacks.push(options.callbackEventId);
    current.token = options.callbackToken ?? current.token;
    return options.callbackEventId ? current.answer.promise : current.promise;
  }
  const run: Run = {
    promise: Promise.resolve({ pages: 0, stored: 0, leased: false }),
    again: false,
    callbacks: options.callbackEventId ? [options.callbackEventId] : [],
    answer: createAnswer(),
    token: options.callbackToken,
  };
  const firstAnswer = run.answer;
  run.promise = (async () => {
    try {
      const total: SyncResult = { pages: 0, stored: 0, leased: false };
      // A callback that joined while the lease was being released still gets its round.
      do {
        const result = await runSync(options, run);
        total.pages += result.pages;
        total.stored += result.stored;
        total.leased = result.leased;
        if (!result.leased) break;
      } while (run.again);
      return total;
    } catch (error) {
      run.answer.reject(error);
      throw error;
    } finally {
      running.delete(key);
      // Callbacks no round took (another instance holds the lease): left to the sweep.
      run.answer.resolve({ pages: 0, stored: 0, leased: false });
    }
  })();
  running.set(key, run);
  const logged = run.promise.catch((error: unknown) => {
    log.error({ err: error, openKfId: options.openKfId }, "kf sync failed");
    throw error;
  });
  if (!options.callbackEventId) return logged;
  logged.catch(() => {});
  return firstAnswer.promise;
}
