// Work started outside a request or a job (processing after a webhook's acknowledgement, delivering
// a reply), tracked so that shutdown and test teardown can wait for it before closing the database.
import { createLogger } from "../logger";

const log = createLogger("background-work");

/**
 * A count, not a Set of the running promises: a churning long-lived Set keeps dead promises alive
 * until a full collection (docs/performance.md, "A still old generation").
 */
let running = 0;
let whenIdle: (() => void)[] = [];

/**
 * Runs work in the background, counted until it settles. Failures are only logged: callers keep
 * their state in the database (an unprocessed event, a PENDING message), where a sweep job finds it.
 */
export function runInBackground(work: () => Promise<unknown>): void {
  const settled = work().catch((error: unknown) => log.error({ err: error }, "background work failed"));
  running += 1;
  void settled.finally(() => {
    running -= 1;
    if (running > 0) return;
    const waiting = whenIdle;
    whenIdle = [];
    for (const wake of waiting) wake();
  });
}

/**
 * Waits until no background work is left, or `timeoutMs` has passed; true when it all settled. Work
 * that settles may start more (a kf pull queues its messages), so it waits until none is left.
 */
export async function settleBackgroundWork(timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (running > 0) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => whenIdle.push(resolve)),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, left);
      }),
    ]);
    clearTimeout(timer);
    // What the last settled work set off in its continuations starts before this looks again.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return true;
}
