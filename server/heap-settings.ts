// V8 settings for LoopDesk's process, whose allocations nearly all die young (webhooks, ingestion,
// broadcasts). main.ts imports this first, before the rest of the server allocates anything.
import v8 from "node:v8";

/**
 * No allocation-site pretenuring: on the inbound path an object allocated old keeps the young ones put
 * into it alive, so their sites get pretenured in turn (docs/performance.md, "A still old generation").
 */
v8.setFlagsFromString("--no-allocation-site-pretenuring");

/**
 * The old generation may grow to twice what the last full collection kept, whatever V8 would pick:
 * after an overrun V8 keeps the heap tight and collects every few seconds (docs/performance.md, "A
 * still old generation"). Read at every collection, so it takes effect from here.
 */
v8.setFlagsFromString("--heap-growing-percent=100");

/**
 * V8's memory reducer starts full collections under steady load too; it is created with the heap, so
 * only node's command-line `--no-memory-reducer` turns it off (npm start, npm run demo, the bench).
 */
export const memoryReducerOff = process.execArgv.includes("--no-memory-reducer");
