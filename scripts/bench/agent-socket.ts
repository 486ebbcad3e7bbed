// One simulated agent's socket for the bench: socket.io's wire protocol over a plain `ws` WebSocket,
// rather than socket.io-client. 50 simulated browsers share the load generator's two agent threads,
// on the cores the measured server runs on, and socket.io-client turned every frame into a string
// and an event first (the frames of one flush then queued behind one another, so the sockets read
// last timestamped their arrivals late). Here a frame stays the bytes it arrived as, and the rows
// the bench looks for are found in them. A real browser parses its frames on its own machine; the
// console's client and the e2e tests use socket.io-client itself.
import WebSocket from "ws";

// Engine.io v4 packets are text frames whose first digit is their type; an engine.io MESSAGE ("4")
// carries a socket.io packet, whose own first digit is its type (see socket.io-protocol).
/** Engine.io OPEN: the server's handshake, answered by socket.io's CONNECT to the main namespace. */
const OPEN = 0x30;
/** Engine.io PING, answered by PONG ("3"), or the server closes the socket after pingTimeout. */
const PING = "2";
/** socket.io CONNECT (accepted) and CONNECT_ERROR (refused by the server's middleware). */
const CONNECTED = "40";
const REFUSED = "44";
/** socket.io EVENT and ACK packets for the main namespace. */
const EVENT = "42";
const ACK = "43";
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

/** The bench message numbers of the inbox rows in an `events.batched` frame, in order. */
export function benchNumbers(frame: Buffer): number[] {
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

/**
 * Connects as the signed-in user of `cookie`; resolves once socket.io accepted the socket, rejects if
 * its middleware refused it. `onRows` gets the bench numbers of each `events.batched` frame that has
 * any, with the time the frame arrived (ms since the epoch, sub-millisecond).
 */
export function connectAgentSocket(options: {
  base: string;
  cookie: string;
  onRows: (numbers: number[], at: number) => void;
  /** Any other socket.io EVENT or ACK frame ("42…", "43…"), as bytes, with its arrival time. */
  onFrame?: (frame: Buffer, at: number) => void;
}): Promise<WebSocket> {
  const socket = new WebSocket(`${options.base.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`, {
    headers: { cookie: options.cookie, origin: options.base },
    perMessageDeflate: false,
  });
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.once("close", (code) => reject(new Error(`agent socket closed before connecting (${code})`)));
    socket.on("message", (frame: Buffer) => {
      if (startsWith(frame, BATCHED)) {
        const at = performance.timeOrigin + performance.now();
        const numbers = benchNumbers(frame);
        if (numbers.length > 0) options.onRows(numbers, at);
      } else if (startsWith(frame, PING) && frame.length === 1) socket.send("3");
      else if (frame[0] === OPEN) socket.send(CONNECTED);
      else if (startsWith(frame, CONNECTED)) resolve(socket);
      else if (startsWith(frame, REFUSED)) reject(new Error(`agent socket refused: ${frame.toString()}`));
      else if (options.onFrame && (startsWith(frame, EVENT) || startsWith(frame, ACK)))
        options.onFrame(frame, performance.timeOrigin + performance.now());
    });
  });
}
