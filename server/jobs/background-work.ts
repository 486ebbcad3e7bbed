// Work started outside a request or a job (processing after a webhook's acknowledgement, delivering
// a reply), tracked so that shutdown and test teardown can wait for it before closing the database.
import { createLogger } from "../logger";

const log = createLogger("background-work");

const inFlight = new Set<Promise<unknown>>();

/**
 * Runs work in the background, remembered until it settles. Failures are only logged: callers keep
 * their state in the database (an unprocessed event, a PENDING message), where a sweep job finds it.
 */
export function runInBackground(work: () => Promise<unknown>): void {
  const running = work()
    .catch((error: unknown) => log.error({ err: error }, "background work failed"))
    .finally(() => inFlight.delete(running));
  inFlight.add(running);
}

/** Waits until background work has settled, or `timeoutMs` has passed; true when it all settled. */
export async function settleBackgroundWork(timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  // Work that settles may start more (a kf pull queues its messages), so wait until none is left.
  while (inFlight.size > 0) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...inFlight]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, left);
      }),
    ]);
    clearTimeout(timer);
  }
  return true;
}
