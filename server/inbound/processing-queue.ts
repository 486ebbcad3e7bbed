// Work that follows an acknowledgement, run a few at a time. Unbounded, a burst of callbacks would
// take every pooled connection and make the next acknowledgements wait for one: WeChat's 5 s limit
// matters more than how soon a message is processed. Events are durable before they get here, so
// if the backlog grows too long the sweep job picks up what is dropped from memory.
import { INGEST_CAPACITY } from "../conversations/ingest/ingest-inbound-message";
import { getConfig } from "../env";
import { createLogger } from "../logger";

const log = createLogger("processing-queue");

export type ProcessingQueue = {
  /** Resolves when the task has run (or at once if the backlog is full and it was left to the sweep). */
  push(task: () => Promise<void>): Promise<void>;
};

export function createProcessingQueue(options: { concurrency: number; maxBacklog: number }): ProcessingQueue {
  const waiting: { task: () => Promise<void>; done: () => void }[] = [];
  let running = 0;
  let dropped = 0;

  const next = () => {
    while (running < options.concurrency && waiting.length > 0) {
      const item = waiting.shift();
      if (!item) break;
      running += 1;
      item
        .task()
        .catch((error: unknown) => log.error({ err: error }, "post-acknowledgement task failed"))
        .finally(() => {
          running -= 1;
          item.done();
          next();
        });
    }
  };

  return {
    push(task) {
      if (waiting.length >= options.maxBacklog) {
        dropped += 1;
        if (dropped % 1000 === 1) log.warn({ dropped }, "backlog full: events left to the sweep job");
        return Promise.resolve();
      }
      return new Promise<void>((done) => {
        waiting.push({ task, done });
        next();
      });
    },
  };
}

let shared: ProcessingQueue | undefined;

/**
 * Events in processing at once on PostgreSQL: room for two full ingest batches. Most tasks are
 * messages waiting for the batch they joined, so this bound must not be what sizes a batch
 * (docs/performance.md, "Room for the batches after the acknowledgement").
 */
const POSTGRES_CONCURRENCY = INGEST_CAPACITY;
/** PGlite has one connection, which acknowledgements share with every task's own queries. */
const PGLITE_CONCURRENCY = 16;

/** The process's queue for work after an acknowledgement (webhook events, kf sync items). */
export function postAckQueue(): ProcessingQueue {
  if (!shared) {
    const concurrency = getConfig().databaseUrl ? POSTGRES_CONCURRENCY : PGLITE_CONCURRENCY;
    shared = createProcessingQueue({ concurrency, maxBacklog: 20_000 });
  }
  return shared;
}
