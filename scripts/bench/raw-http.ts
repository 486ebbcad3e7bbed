// The load generator's HTTP client: POSTs whose request bytes are built before the step starts,
// written to kept-alive sockets, and answers read as bytes. node:http's client (a ClientRequest, an
// agent's bookkeeping and an IncomingMessage per request) cost the bench's main thread most of its
// time at 1,500 msg/s, on the two cores the measured server runs on; WeChat sends its callbacks
// from its own machines. One request at a time per connection, as WeChat's callbacks and node:http
// do: no pipelining.
import net from "node:net";

const HEAD_END = Buffer.from("\r\n\r\n");
const CRLF = Buffer.from("\r\n");

export type RawAnswer = { status: number; body: Buffer };

/** A POST's bytes, head and body, built once and sent as often as needed (WeChat retries resend them). */
export function buildPost(url: URL, contentType: string, body: string, headers: Record<string, string> = {}): Buffer {
  const payload = Buffer.from(body);
  const extra = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  const head =
    `POST ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n${extra}` +
    `Content-Type: ${contentType}\r\nContent-Length: ${payload.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), payload]);
}

type Exchange = { request: Buffer; resolve: (answer: RawAnswer) => void; reject: (error: Error) => void };

/**
 * Reads one answer from the bytes received so far: its status, body and length in bytes, or
 * undefined while it is incomplete. Handles Content-Length and chunked bodies (Node's server
 * chunks an answer whose length it was not told).
 */
export function parseAnswer(received: Buffer): { answer: RawAnswer; keepAlive: boolean; length: number } | undefined {
  const headEnd = received.indexOf(HEAD_END);
  if (headEnd < 0) return undefined;
  const head = received.toString("latin1", 0, headEnd).toLowerCase();
  const status = Number(head.slice(9, 12));
  if (!head.startsWith("http/1.1 ") || !Number.isInteger(status)) throw new Error(`not an HTTP/1.1 answer: ${head}`);
  const keepAlive = !/\r\nconnection: *close/.test(head);
  let at = headEnd + HEAD_END.length;
  const length = /\r\ncontent-length: *(\d+)/.exec(head);
  if (length) {
    const end = at + Number(length[1]);
    if (received.length < end) return undefined;
    return { answer: { status, body: received.subarray(at, end) }, keepAlive, length: end };
  }
  if (!/\r\ntransfer-encoding: *chunked/.test(head)) throw new Error("an answer with neither length nor chunks");
  const chunks: Buffer[] = [];
  for (;;) {
    const lineEnd = received.indexOf(CRLF, at);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(received.toString("latin1", at, lineEnd), 16);
    if (Number.isNaN(size)) throw new Error("a malformed chunk size");
    const dataEnd = lineEnd + CRLF.length + size;
    // Each chunk's data ends with CRLF; the last (size 0) has no data, then the final CRLF.
    if (received.length < dataEnd + CRLF.length) return undefined;
    if (size === 0) {
      return { answer: { status, body: Buffer.concat(chunks) }, keepAlive, length: dataEnd + CRLF.length };
    }
    chunks.push(received.subarray(lineEnd + CRLF.length, dataEnd));
    at = dataEnd + CRLF.length;
  }
}

class Connection {
  private readonly socket: net.Socket;
  private received: Buffer = Buffer.alloc(0);
  private exchange: Exchange | undefined;
  /** The connection has answered before: a reset with no answer is the server closing it as idle. */
  private reused = false;
  closed = false;

  constructor(
    port: number,
    host: string,
    private readonly onIdle: (connection: Connection) => void,
    private readonly onClosed: (connection: Connection, unanswered: Exchange | undefined, retry: boolean) => void,
  ) {
    this.socket = net.connect({ port, host, noDelay: true });
    this.socket.on("data", (data: Buffer) => this.read(data));
    this.socket.on("error", () => this.close());
    this.socket.on("close", () => this.close());
  }

  send(exchange: Exchange) {
    this.exchange = exchange;
    this.socket.write(exchange.request);
  }

  private read(data: Buffer) {
    this.received = this.received.length === 0 ? data : Buffer.concat([this.received, data]);
    const exchange = this.exchange;
    let parsed: ReturnType<typeof parseAnswer>;
    try {
      parsed = parseAnswer(this.received);
    } catch (error) {
      this.exchange = undefined;
      exchange?.reject(error as Error);
      this.socket.destroy();
      return;
    }
    if (!parsed) return;
    this.received = this.received.subarray(parsed.length);
    this.exchange = undefined;
    this.reused = true;
    if (!exchange) {
      this.socket.destroy();
      return;
    }
    exchange.resolve(parsed.answer);
    if (parsed.keepAlive) this.onIdle(this);
    else this.socket.destroy();
  }

  private close() {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    const unanswered = this.exchange;
    this.exchange = undefined;
    // Node's documented remedy for a kept-alive connection closed just as it was reused: send again.
    this.onClosed(this, unanswered, this.reused && this.received.length === 0);
  }

  destroy() {
    this.closed = true;
    this.socket.destroy();
  }
}

/** Up to `maxConnections` kept-alive connections to one origin; requests beyond them wait their turn. */
export function createRawHttpClient(origin: URL, maxConnections: number) {
  const port = Number(origin.port || 80);
  const host = origin.hostname;
  const idle: Connection[] = [];
  const open = new Set<Connection>();
  const waiting: Exchange[] = [];

  const dispatch = (exchange: Exchange) => {
    let connection = idle.pop();
    while (connection?.closed) connection = idle.pop();
    if (connection) return connection.send(exchange);
    if (open.size >= maxConnections) return waiting.push(exchange);
    const fresh = new Connection(port, host, onIdle, onClosed);
    open.add(fresh);
    fresh.send(exchange);
  };
  function onIdle(connection: Connection) {
    const next = waiting.shift();
    if (next) connection.send(next);
    else idle.push(connection);
  }
  function onClosed(connection: Connection, unanswered: Exchange | undefined, retry: boolean) {
    open.delete(connection);
    if (unanswered && retry) dispatch(unanswered);
    else unanswered?.reject(new Error("the connection closed before the answer"));
    const next = waiting.shift();
    if (next) dispatch(next);
  }

  return {
    /** Sends a request built by `buildPost` and resolves with the answer. */
    send(request: Buffer): Promise<RawAnswer> {
      return new Promise((resolve, reject) => dispatch({ request, resolve, reject }));
    },
    close() {
      for (const connection of open) connection.destroy();
      open.clear();
      idle.length = 0;
    },
  };
}
