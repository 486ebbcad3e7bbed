// Group commit: items handed over while earlier groups are being written wait and go together in
// the next group, a few groups in flight at once. Under load one statement (and one WAL flush)
// serves many items instead of one each, so throughput grows with load instead of round trips
// piling up.

export type GroupCommitOptions<Item> = {
  /** Groups written at once; more would only add lock waits between them. */
  maxInFlight: number;
  maxGroup: number;
  /** Writes a group and settles each item itself: it must not reject. */
  write(group: Item[]): Promise<void>;
  /** Wait one turn of the event loop before the first write, so items handed over together share it. */
  gatherOneTurn?: boolean;
};

export function createGroupCommit<Item>(options: GroupCommitOptions<Item>): { add(item: Item): void } {
  const waiting: Item[] = [];
  let inFlight = 0;
  const flush = () => {
    while (inFlight < options.maxInFlight && waiting.length > 0) {
      inFlight += 1;
      void options.write(waiting.splice(0, options.maxGroup)).finally(() => {
        inFlight -= 1;
        flush();
      });
    }
  };
  return {
    add(item) {
      waiting.push(item);
      if (!options.gatherOneTurn) flush();
      else if (waiting.length === 1) setImmediate(flush);
    },
  };
}
