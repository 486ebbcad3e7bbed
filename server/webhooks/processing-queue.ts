// Work that follows an acknowledgement, run a few at a time. Unbounded, a burst of callbacks would
// take every pooled connection and make the next acknowledgements wait for one: WeChat's 5 s limit
// matters more than how soon a message is processed. Events are durable before they get here, so
// if the backlog grows too long the sweep job picks up what is dropped from memory.
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
 * The process's queue for work after an acknowledgement (webhook events, kf sync items). A task
 * spends most of its time waiting for the message batch it joined (one connection, one transaction
 * for all of them), so many run at once and the batches grow with the load; the bound keeps the
 * few tasks that do query on their own (a new follower's unionid, kf events) from taking the
 * connections acknowledgements need.
 */
export function postAckQueue(): ProcessingQueue {
  if (!shared) {
    const config = getConfig();
    const concurrency = config.databaseUrl ? Math.max(8, config.databasePoolSize * 4) : 16;
    shared = createProcessingQueue({ concurrency, maxBacklog: 20_000 });
  }
  return shared;
}
