// Loaded into the bench's server, BENCH_SERVER_FLAGS="--import ./scripts/bench/promoted-allocations.mjs":
// samples the allocations that survive young-generation collections (promoted to the old generation,
// whose growth makes the full collections that fail `held`), from BENCH_HEAP_SAMPLE_AFTER seconds
// after the server starts, for BENCH_HEAP_SAMPLE_SECONDS. Writes a .heapprofile to bench-results/
// (Chrome DevTools' Memory tab opens it) and the top allocating functions to stderr.
// Plain JavaScript: Node loads it before tsx is registered.
import fs from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";

const after = Number(process.env.BENCH_HEAP_SAMPLE_AFTER ?? 50);
const seconds = Number(process.env.BENCH_HEAP_SAMPLE_SECONDS ?? 15);

/** Self size by function and file, largest first. */
function topFunctions(profile, count) {
  const bySite = new Map();
  let total = 0;
  const visit = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const site = `${functionName || "(anonymous)"} ${url.replace(/^.*node_modules\//, "")}:${lineNumber + 1}`;
    bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    total += node.selfSize;
    for (const child of node.children) visit(child);
  };
  visit(profile.head);
  return [...bySite.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([site, bytes]) => `${((bytes / total) * 100).toFixed(1).padStart(5)}% ${site}`);
}

setTimeout(async () => {
  const session = new Session();
  session.connect();
  await session.post("HeapProfiler.startSampling", {
    samplingInterval: 16_384,
    // What a scavenge frees is left out; what survives it, later freed by a full collection or not, stays.
    includeObjectsCollectedByMinorGC: false,
    includeObjectsCollectedByMajorGC: true,
  });
  const began = new Date().toISOString();
  setTimeout(async () => {
    const { profile } = await session.post("HeapProfiler.stopSampling");
    session.disconnect();
    fs.mkdirSync("bench-results", { recursive: true });
    const file = path.join("bench-results", `promoted-${began.replace(/[:.]/g, "-")}.heapprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    process.stderr.write(
      `promoted allocations from ${began} for ${seconds} s (${file}):\n${topFunctions(profile, 20).join("\n")}\n`,
    );
  }, seconds * 1000).unref();
}, after * 1000).unref();
