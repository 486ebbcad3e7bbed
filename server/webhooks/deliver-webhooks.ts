// Sends what is due: a batch of pending deliveries claimed with SKIP LOCKED (several instances share
// the work), none of them behind an earlier undelivered event of the same subject for the same
// subscription. A 2xx answer delivers; anything else, a timeout or a refused destination retries
// with exponential backoff (30 s doubling, at most an hour apart) until 24 hours after the event,
// then the delivery is failed and shows in the log for a replay.

import { secretBox } from "../crypto/secret-box";
import { getDatabase } from "../db/db";
import { createLogger } from "../logger";
import { assertPublicDestination } from "./destination-guard";
import { SIGNATURE_HEADER, signDelivery } from "./signature";

const log = createLogger("webhooks");

const BATCH = 50;
const TIMEOUT_MS = 10_000;
/** A claimed delivery is left alone this long by other dispatchers: longer than one attempt takes. */
const LEASE_MS = 60_000;
const GIVE_UP_AFTER_MS = 24 * 3_600_000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 3_600_000;

export const retryDelayMs = (attempts: number) => Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempts - 1));

type Due = {
  id: string;
  eventId: string;
  body: string;
  attempts: number;
  createdAt: Date;
  url: string;
  secretSealed: string;
};

async function claimDue(now: Date): Promise<Due[]> {
  const { rows } = await getDatabase().sql.query<Due>(
    `WITH due AS (
       SELECT d.id FROM "WebhookDelivery" d
       WHERE d.status = 'PENDING' AND d."nextAttemptAt" <= $1::timestamp
         AND NOT EXISTS (
           SELECT 1 FROM "WebhookDelivery" e
           WHERE e."subscriptionId" = d."subscriptionId" AND e."subjectKey" = d."subjectKey" AND e.status = 'PENDING'
             AND (e."createdAt", e.id) < (d."createdAt", d.id))
       ORDER BY d."nextAttemptAt"
       LIMIT ${BATCH}
       FOR UPDATE OF d SKIP LOCKED
     )
     UPDATE "WebhookDelivery" d SET "nextAttemptAt" = $2::timestamp
     FROM due, "WebhookSubscription" s
     WHERE d.id = due.id AND s.id = d."subscriptionId"
     RETURNING d.id, d."eventId", d.body, d.attempts, d."createdAt", s.url, s."secretSealed"`,
    [now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString()],
  );
  return rows;
}

async function attempt(delivery: Due): Promise<{ status: number | null; error: string | null }> {
  try {
    await assertPublicDestination(delivery.url);
    const response = await fetch(delivery.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "LoopDesk-Webhooks/1",
        "x-loopdesk-event-id": delivery.eventId,
        [SIGNATURE_HEADER]: signDelivery(secretBox().open(delivery.secretSealed), delivery.body),
      },
      body: delivery.body,
      // A redirect could lead anywhere, the internal network included: it counts as a failure.
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status, error: response.ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    return { status: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** `at`: the run's time, so a retry is never due again within the run that just failed it. */
async function record(delivery: Due, outcome: { status: number | null; error: string | null }, at: Date) {
  const now = new Date(Math.max(at.getTime(), Date.now()));
  const attempts = delivery.attempts + 1;
  const delivered = outcome.error === null;
  const givenUp = !delivered && now.getTime() - delivery.createdAt.getTime() >= GIVE_UP_AFTER_MS;
  await getDatabase().sql.query(
    `UPDATE "WebhookDelivery" SET attempts = $2, "lastStatus" = $3, "lastError" = $4,
       status = $5::text::"WebhookDeliveryStatus", "deliveredAt" = $6::timestamp, "nextAttemptAt" = $7::timestamp
     WHERE id = $1`,
    [
      delivery.id,
      attempts,
      outcome.status,
      outcome.error?.slice(0, 500) ?? null,
      delivered ? "DELIVERED" : givenUp ? "FAILED" : "PENDING",
      delivered ? now.toISOString() : null,
      new Date(now.getTime() + retryDelayMs(attempts)).toISOString(),
    ],
  );
}

/** Sends every delivery due now, batch after batch; returns how many were attempted. */
export async function deliverDueWebhooks(now = new Date()): Promise<number> {
  let attempted = 0;
  for (;;) {
    const due = await claimDue(now);
    if (due.length === 0) return attempted;
    // One subject's deliveries are never in one batch together (the earlier blocks the later); one
    // delivered lets the next of its subject into the next batch. Every claimed delivery leaves this
    // run's reach (delivered, or due later), so the loop ends.
    await Promise.all(due.map(async (delivery) => record(delivery, await attempt(delivery), now)));
    attempted += due.length;
  }
}

let running = false;
let again = false;

/** Whether anything is waiting, known for a few seconds: most order changes emit nothing to send. */
let pendingKnownUntil = 0;
let pendingKnown = false;
async function anythingPending(): Promise<boolean> {
  if (Date.now() < pendingKnownUntil && !pendingKnown) return false;
  const { rows } = await getDatabase().sql.query<{ pending: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM "WebhookSubscription" WHERE active) AS pending`,
  );
  pendingKnown = rows[0]?.pending ?? false;
  pendingKnownUntil = Date.now() + 5_000;
  return pendingKnown;
}

/** A subscription was made or removed: the next delivery asks again. */
export function forgetPendingSubscriptions(): void {
  pendingKnownUntil = 0;
}

/** After a commit that emitted events: deliver now, in this process, instead of at the next minute. */
export function deliverWebhooksSoon(): void {
  if (running) {
    again = true;
    return;
  }
  running = true;
  void anythingPending()
    .then((pending) => (pending ? deliverDueWebhooks() : 0))
    .catch((error: unknown) => log.error({ err: error }, "webhook delivery failed; the minute's job retries"))
    .finally(() => {
      running = false;
      if (again) {
        again = false;
        deliverWebhooksSoon();
      }
    });
}
