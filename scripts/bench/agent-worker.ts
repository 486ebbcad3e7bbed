// A share of the bench's agent sockets, in its own thread, so that receiving thousands of events a
// second does not delay the load generator or the sandbox. Arrival times are absolute (ms since
// the epoch, sub-millisecond), comparable across threads.
import { parentPort, workerData } from "node:worker_threads";
import { io } from "socket.io-client";
import { Decoder, Encoder, PacketType, protocol } from "socket.io-parser";

type Input = { base: string; cookies: string[]; count: number; customers: number };
const { base, cookies, count, customers } = workerData as Input;
let arrivals = new Map<number, number[]>();
const now = () => performance.timeOrigin + performance.now();

/** How an `events.batched` packet for the main namespace begins: socket.io's EVENT type (engine.io's own digit is gone by then). */
const BATCHED_FRAME = '2["events.batched",';
/** A conversation's inbox row whose latest message is a bench message (no other batched event has the key). */
const BENCH_PREVIEW = /"lastMessagePreview":"bench (\d+)"/g;

/**
 * Hands `events.batched` frames over as their text; every other packet is decoded as usual.
 * 50 simulated browsers share the load generator's two threads: parsing every frame in full was a
 * third of each thread, taken from the cores the server runs on, and the frames queued behind one
 * another delayed the arrival times of the sockets read last. The rows the bench looks for are
 * found in the text instead (a real browser parses its own frames, on its own machine).
 */
class BatchedAsTextDecoder extends Decoder {
  override add(chunk: unknown) {
    if (typeof chunk === "string" && chunk.startsWith(BATCHED_FRAME)) {
      this.emitReserved("decoded", { type: PacketType.EVENT, nsp: "/", data: ["events.batched", chunk] });
      return;
    }
    super.add(chunk);
  }
}

const sockets = await Promise.all(
  Array.from({ length: count }, (_, index) => {
    const socket = io(base, {
      transports: ["websocket"],
      parser: { protocol, Encoder, Decoder: BatchedAsTextDecoder },
      extraHeaders: { cookie: cookies[index % cookies.length] ?? "", origin: base },
    });
    // A message is delivered to this agent when its conversation's row first shows it or a later
    // message of the same customer (messages written in one batch publish the row once, with the
    // latest preview); later rows with the same preview (an assignment right after) change nothing.
    // Message n comes from customer n % customers, on a channel that depends on n % 100 only, so
    // the latest number heard per customer says which of theirs were heard.
    const latestHeard = new Map<number, number>();
    socket.on("events.batched", (frame: string) => {
      const at = now();
      for (const [, preview] of frame.matchAll(BENCH_PREVIEW)) {
        const latest = Number(preview);
        const heardUpTo = latestHeard.get(latest % customers) ?? 0;
        if (latest <= heardUpTo) continue;
        latestHeard.set(latest % customers, latest);
        for (let number = latest; number > heardUpTo; number -= customers) {
          const list = arrivals.get(number) ?? [];
          list.push(at);
          arrivals.set(number, list);
        }
      }
    });
    return new Promise<typeof socket>((resolve, reject) => {
      socket.once("connect", () => resolve(socket));
      socket.once("connect_error", reject);
    });
  }),
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
    for (const socket of sockets) socket.disconnect();
    process.exit(0);
  }
});
