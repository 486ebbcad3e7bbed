// Tasks run one after another per key (a conversation's replies in the order the agent wrote them, a
// kf customer's messages in the order pulled), each once the one before it has settled, whatever its
// outcome; a key is forgotten when idle.
export type SerialQueues = {
  /** Runs `task` after the key's earlier tasks; resolves or rejects as the task does. */
  run(key: string, task: () => Promise<void>): Promise<void>;
  /** Keys with a task queued or running. */
  busyKeys(): number;
};

export function createSerialQueues(): SerialQueues {
  const tails = new Map<string, Promise<void>>();
  return {
    run(key, task) {
      const previous = tails.get(key) ?? Promise.resolve();
      // After a failure too: one failed task must not fail the ones queued behind it.
      const next = previous.then(task, task);
      tails.set(key, next);
      // Both handlers: this bookkeeping must not turn the task's failure into an unhandled rejection
      // (which ends a Node process); the caller still receives it from the promise returned.
      const forget = () => {
        if (tails.get(key) === next) tails.delete(key);
      };
      next.then(forget, forget);
      return next;
    },
    busyKeys: () => tails.size,
  };
}
