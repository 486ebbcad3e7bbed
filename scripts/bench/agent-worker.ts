// A share of the bench's agent sockets, in its own thread, so that receiving thousands of events a
// second does not delay the load generator or the sandbox. Arrival times are absolute (ms since
// the epoch, sub-millisecond), comparable across threads.
//
// Each socket speaks socket.io's wire protocol over a plain `ws` WebSocket rather than through
// socket.io-client: 50 simulated browsers share the load generator's two threads, on the cores the
// server they measure runs on, and socket.io-client turned every frame into a string and an event
// first (the frames of one flush then queued behind one another, so the sockets read last
// timestamped their arrivals late). Here a frame stays the bytes it arrived as, and the rows the
// bench looks for are found in them. A real browser parses its frames on its own machine; the
// console's client and the e2e tests use socket.io-client itself.
import { parentPort, workerData } from "node:worker_threads";
import WebSocket from "ws";

type Input = { base: string; cookies: string[]; count: number; customers: number };
const { base, cookies, count, customers } = workerData as Input;
let arrivals = new Map<number, number[]>();
const now = () => performance.timeOrigin + performance.now();

// Engine.io v4 packets are text frames whose first digit is their type; an engine.io MESSAGE ("4")
// carries a socket.io packet, whose own first digit is its type (see socket.io-protocol).
/** Engine.io OPEN: the server's handshake, answered by socket.io's CONNECT to the main namespace. */
const OPEN = 0x30;
/** Engine.io PING, answered by PONG ("3"), or the server closes the socket after pingTimeout. */
const PING = "2";
/** socket.io CONNECT (accepted) and CONNECT_ERROR (refused by the server's middleware). */
const CONNECTED = "40";
const REFUSED = "44";
/** An `events.batched` EVENT for the main namespace. */
const BATCHED = Buffer.from('42["events.batched",');
/** A conversation's inbox row whose latest message is a bench message (no other batched event has the key). */
const BENCH_PREVIEW = Buffer.from('"lastMessagePreview":"bench ');
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

const startsWith = (frame: Buffer, prefix: Buffer | string) =>
  typeof prefix === "string"
    ? frame.length >= prefix.length && frame.toString("latin1", 0, prefix.length) === prefix
    : frame.length >= prefix.length && frame.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;

/** The bench message numbers in an `events.batched` frame, in order. */
function benchNumbers(frame: Buffer): number[] {
  const numbers: number[] = [];
  for (let at = frame.indexOf(BENCH_PREVIEW, BATCHED.length); at !== -1; at = frame.indexOf(BENCH_PREVIEW, at)) {
    at += BENCH_PREVIEW.length;
    let number = 0;
    for (let byte = frame[at]; byte !== undefined && byte >= DIGIT_0 && byte <= DIGIT_9; byte = frame[++at]) {
      number = number * 10 + byte - DIGIT_0;
    }
    numbers.push(number);
  }
  return numbers;
}

function connect(cookie: string): Promise<WebSocket> {
  const socket = new WebSocket(`${base.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`, {
    headers: { cookie, origin: base },
    perMessageDeflate: false,
  });
  // A message is delivered to this agent when its conversation's row first shows it or a later
  // message of the same customer (messages written in one batch publish the row once, with the
  // latest preview); later rows with the same preview (an assignment right after) change nothing.
  // Message n comes from customer n % customers, on a channel that depends on n % 100 only, so
  // the latest number heard per customer says which of theirs were heard.
  const latestHeard = new Map<number, number>();
  const onBatched = (frame: Buffer) => {
    const at = now();
    for (const latest of benchNumbers(frame)) {
      const heardUpTo = latestHeard.get(latest % customers) ?? 0;
      if (latest <= heardUpTo) continue;
      latestHeard.set(latest % customers, latest);
      for (let number = latest; number > heardUpTo; number -= customers) {
        const list = arrivals.get(number) ?? [];
        list.push(at);
        arrivals.set(number, list);
      }
    }
  };
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.once("close", (code) => reject(new Error(`agent socket closed before connecting (${code})`)));
    socket.on("message", (frame: Buffer) => {
      if (startsWith(frame, BATCHED)) onBatched(frame);
      else if (startsWith(frame, PING) && frame.length === 1) socket.send("3");
      else if (frame[0] === OPEN) socket.send(CONNECTED);
      else if (startsWith(frame, CONNECTED)) resolve(socket);
      else if (startsWith(frame, REFUSED)) reject(new Error(`agent socket refused: ${frame.toString()}`));
    });
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
