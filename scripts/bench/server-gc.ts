// The server's garbage collections, read from its `--trace-gc-nvp` lines: what it promoted to the old
// generation (whose full collections stall delivery on a busy machine) and which full collections
// fell in a step. Times are the bench's `performance.now()`: the line's milliseconds since the server's
// V8 started, plus when the bench spawned it (a few tens of milliseconds early, well inside a step).

import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { percentiles } from "./percentiles";

type Collection = {
  /** The V8 isolate: the server's main thread, or a worker thread's heap. */
  isolate: string;
  at: number;
  /** `s` for a scavenge (young generation), `mc` or `ms` for a full collection. */
  kind: string;
  pauseMs: number;
  promotedBytes: number;
  /** The memory reducer's (or another heap-shrinking) collection. */
  reduce: boolean;
  heapBeforeBytes: number;
};

const LINE = /^\[\d+:(0x[0-9a-f]+)\]\s+(\d+) ms: pause=([\d.]+) .*?gc=(\w+) reduce_memory=(\d)/;
const field = (line: string, name: string) => Number(new RegExp(`\\b${name}=(\\d+)`).exec(line)?.[1] ?? 0);

/**
 * Follows the server's stdout; lines that are not GC traces go to `other` (the server's own log). Read
 * as they come: V8 writes these lines synchronously, and a full pipe would stop the server.
 */
export function watchServerGc(stdout: Readable, spawnedAt: number, other: (line: string) => void) {
  const collections: Collection[] = [];
  const counts = new Map<string, number>();
  createInterface({ input: stdout }).on("line", (line) => {
    const match = LINE.exec(line);
    if (!match) return other(line);
    const isolate = match[1] ?? "";
    counts.set(isolate, (counts.get(isolate) ?? 0) + 1);
    collections.push({
      isolate,
      at: spawnedAt + Number(match[2]),
      kind: match[4] ?? "",
      pauseMs: Number(match[3]),
      promotedBytes: field(line, "promoted"),
      reduce: match[5] === "1",
      heapBeforeBytes: field(line, "total_size_before"),
    });
  });

  return {
    /** What the server's collections did between two moments of the bench. */
    between(from: number, to: number) {
      // The main thread's heap is the one collected most; worker threads' heaps are small and quiet.
      const main = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
      const inside = collections.filter(
        (collection) => collection.isolate === main && collection.at >= from && collection.at < to,
      );
      const scavenges = inside.filter((collection) => collection.kind === "s");
      const seconds = Math.max((to - from) / 1000, 0.001);
      return {
        promoted_kb_per_s: Math.round(scavenges.reduce((sum, s) => sum + s.promotedBytes, 0) / 1024 / seconds),
        scavenge_pause_p50_ms: percentiles(
          scavenges.map((s) => s.pauseMs),
          [50],
        ).p50,
        full_collections: inside
          .filter((collection) => collection.kind !== "s")
          .map((collection) => ({
            pause_ms: collection.pauseMs,
            heap_before_mb: Math.round(collection.heapBeforeBytes / 1048576),
            ...(collection.reduce ? { memory_reducer: true } : {}),
          })),
      };
    },
  };
}
