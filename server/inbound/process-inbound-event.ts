// Turns a stored event into domain changes after it was acknowledged, through its source's
// processor. Runs right away in the process that received it (no queue on the hot path); the
// inbound sweep job retries what failed or was never run.
import { db, getDatabase } from "../db/db";
import { runInBackground } from "../jobs/background-work";
import { createLogger } from "../logger";
import type { InboundProcessor, StoredInboundEvent } from "./inbound-processor";
import { postAckQueue } from "./processing-queue";

const log = createLogger("inbound");

async function recordFailure(eventId: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  await getDatabase().sql.query(`UPDATE "InboundEvent" SET attempts = attempts + 1, "lastError" = $2 WHERE id = $1`, [
    eventId,
    message.slice(0, 1000),
  ]);
}

/**
 * Applies one stored event with its processor and records the outcome: processed, or the failure
 * (for the sweep). `parsed` is what the acknowledgement already read from the payload.
 */
export async function processInboundEvent<Parsed>(
  event: StoredInboundEvent,
  processor: InboundProcessor<Parsed>,
  parsed?: Parsed,
): Promise<void> {
  try {
    const outcome = await processor.apply(event, parsed ?? processor.parse(event.payload));
    if (outcome === "applied") {
      await getDatabase().sql.query(
        `UPDATE "InboundEvent" SET "processedAt" = $2, attempts = attempts + 1, "lastError" = NULL WHERE id = $1`,
        [event.id, new Date().toISOString()],
      );
    }
  } catch (error) {
    log.error({ err: error, eventId: event.id, source: event.source }, "inbound event failed; the sweep retries it");
    await recordFailure(event.id, error);
  }
}

/** Starts an acknowledged event's processing in its processor's lane, without waiting for it. */
export function dispatchInboundEvent<Parsed>(
  event: StoredInboundEvent,
  processor: InboundProcessor<Parsed>,
  parsed?: Parsed,
): void {
  const run = () => processInboundEvent(event, processor, parsed);
  runInBackground(processor.lane === "queue" ? () => postAckQueue().push(run) : run);
}

/** The stored events not yet processed that the sweep should try again, oldest first. */
export function findStaleInboundEvents(options: {
  olderThan: Date;
  maxAttempts: number;
  limit: number;
}): Promise<StoredInboundEvent[]> {
  return db().inboundEvent.findMany({
    where: { processedAt: null, attempts: { lt: options.maxAttempts }, receivedAt: { lt: options.olderThan } },
    orderBy: { receivedAt: "asc" },
    take: options.limit,
    select: { id: true, source: true, channelAccountId: true, dedupeKey: true, payload: true, receivedAt: true },
  });
}
