// A share of the bench's agent sockets (./agent-socket.ts), in its own thread, so that receiving
// thousands of events a second does not delay the load generator or the sandbox. Arrival times are
// absolute (ms since the epoch, sub-millisecond), comparable across threads.
import { parentPort, workerData } from "node:worker_threads";
import { connectAgentSocket } from "./agent-socket";

type Input = { base: string; cookies: string[]; count: number; customers: number };
const { base, cookies, count, customers } = workerData as Input;
let arrivals = new Map<number, number[]>();

function connect(cookie: string) {
  // A message is delivered to this agent when its conversation's row first shows it or a later
  // message of the same customer (messages written in one batch publish the row once, with the
  // latest preview); later rows with the same preview (an assignment right after) change nothing.
  // Message n comes from customer n % customers, on a channel that depends on n % 100 only, so
  // the latest number heard per customer says which of theirs were heard.
  const latestHeard = new Map<number, number>();
  return connectAgentSocket({
    base,
    cookie,
    onRows(numbers, at) {
      for (const latest of numbers) {
        const heardUpTo = latestHeard.get(latest % customers) ?? 0;
        if (latest <= heardUpTo) continue;
        latestHeard.set(latest % customers, latest);
        for (let number = latest; number > heardUpTo; number -= customers) {
          const list = arrivals.get(number) ?? [];
          list.push(at);
          arrivals.set(number, list);
        }
      }
    },
  });
}

const sockets = await Promise.all(
  Array.from({ length: count }, (_, index) => connect(cookies[index % cookies.length] ?? "")),
);
parentPort?.postMessage({ type: "ready" });

parentPort?.on("message", (message: { type: string }) => {
  if (message.type === "collect") {
    // Only what arrived since the last collect: the worker's heap stays small however long the run,
    // so its garbage collections do not delay the arrivals it timestamps.
    // A new map, not clear(): a cleared map in the old generation gets its new table there, and the
    // dead one keeps its lists alive until a full collection (see server/realtime/publish.ts).
    parentPort?.postMessage({ type: "arrivals", arrivals: [...arrivals.entries()] });
    arrivals = new Map();
  } else if (message.type === "close") {
    for (const socket of sockets) socket.close();
    process.exit(0);
  }
});
