// V8 settings for LoopDesk's process, whose allocations nearly all die young (webhooks, ingestion,
// broadcasts). main.ts imports this first, before the rest of the server allocates anything.
import v8 from "node:v8";

/**
 * Allocation-site pretenuring: V8 allocates straight into the old generation the objects of any
 * allocation site whose objects it saw surviving young collections. On the inbound path that feeds
 * itself: an array or object allocated old keeps the young objects put into it alive until the next
 * full collection, so their sites are seen surviving and are pretenured in turn. Measured with the
 * bench at 300 msg/s: the server promoted 1.27 MB/s to the old generation with it, 0.52 MB/s without,
 * at the same CPU per message; every full collection of that old generation stalls delivery.
 */
v8.setFlagsFromString("--no-allocation-site-pretenuring");

/**
 * After each full collection V8 lets the old generation grow by a factor it picks from how the last
 * collections went (1.1 to 4). A burst of load that overruns the server promotes its backlog, the
 * collections it brings make V8 pick the smallest factor, and the heap then stays tight: measured
 * with the bench, a minute at 1,500 msg/s after a minute at 2,000 had 7 full collections at 158–169
 * MB (a live heap of ~145 MB), one every ~8 s, and 5 of its 10 steps over 100 ms at p99, each of
 * them a step with a collection. Growing by a fixed factor of 2 (the old generation may reach twice
 * what the last collection kept: ~300 MB here), the same minute had one, at 289 MB, and 9 of 10
 * steps passed. Read at every collection, so it takes effect from here.
 */
v8.setFlagsFromString("--heap-growing-percent=100");

/**
 * V8's memory reducer, meant to shrink an idle heap, cannot be turned off from here: it is created
 * with the heap, so only node's command-line `--no-memory-reducer` does (npm start, npm run demo, the
 * bench; `v8.setFlagsFromString` was checked to change nothing). Under steady load its watchdog still
 * starts a full collection about 100 s after the last one, and it runs up to three in a row at the
 * tight limit each leaves: measured at 1,500 msg/s, three collections within 15 s and each step they
 * fell in over 100 ms at p99. Without it, full collections come when the old generation has grown.
 */
export const memoryReducerOff = process.execArgv.includes("--no-memory-reducer");
