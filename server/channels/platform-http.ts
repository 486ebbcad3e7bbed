// JSON calls to WeChat-family APIs over node:http(s), on kept-alive connections. Every WeCom kf
// callback makes at least one such call (sync_msg), and the global fetch (undici, which Next.js
// also wraps in this process) spent 0.6–1 ms more CPU per call than this on a 2-core machine.
import http from "node:http";
import https from "node:https";

const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 64 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/** Headers as Node gives them: lower-case names (WeChat Pay signs its answers in them). */
export type PlatformHttpAnswer = { status: number; body: string; headers: http.IncomingHttpHeaders };

/** The call got no complete answer: the connection failed, the time ran out, or the answer was too large. */
export class PlatformHttpError extends Error {
  override name = "PlatformHttpError";
  constructor(
    message: string,
    /**
     * The call went out on a kept-alive connection that was reset with no answer: the platform had
     * closed it as idle just then. Node's documentation advises sending such a call again.
     */
    readonly staleConnection: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type PlatformHttpRequest = {
  method: "GET" | "POST";
  /** A JSON body, already serialized. */
  json?: string;
  /** A form body (Kuaidi100's API), instead of JSON. */
  form?: URLSearchParams;
  timeoutMs: number;
  /** Longer answers are cut off and rejected: a platform's JSON answer is far smaller. */
  maxBytes: number;
  /** More request headers (WeChat Pay's Authorization). */
  headers?: Record<string, string>;
};

function callOnce(url: URL, init: PlatformHttpRequest): Promise<PlatformHttpAnswer> {
  const agent = url.protocol === "https:" ? agents["https:"] : url.protocol === "http:" ? agents["http:"] : undefined;
  if (!agent) return Promise.reject(new PlatformHttpError(`unsupported protocol ${url.protocol}`, false));
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const succeed = (answer: PlatformHttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const fail = (error: PlatformHttpError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Closes the connection: whatever else the platform sends on it is not read.
      request.destroy();
      reject(error);
    };
    const headers: http.OutgoingHttpHeaders = { accept: "application/json", ...init.headers };
    const body = init.form ? init.form.toString() : init.json;
    if (body !== undefined) {
      headers["content-type"] = init.form ? "application/x-www-form-urlencoded" : "application/json";
      headers["content-length"] = Buffer.byteLength(body);
    }
    const request = transport.request(url, { method: init.method, agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > init.maxBytes) fail(new PlatformHttpError(`answer larger than ${init.maxBytes} bytes`, false));
        else chunks.push(chunk);
      });
      response.on("end", () =>
        succeed({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString("utf8"),
          headers: response.headers,
        }),
      );
      response.on("error", (error) =>
        fail(new PlatformHttpError(`answer cut off: ${error.message}`, false, { cause: error })),
      );
    });
    const timer = setTimeout(
      () => fail(new PlatformHttpError(`no answer within ${init.timeoutMs} ms`, false)),
      init.timeoutMs,
    );
    request.on("error", (error) => {
      const stale = request.reusedSocket && (error as NodeJS.ErrnoException).code === "ECONNRESET";
      fail(new PlatformHttpError(`connection failed: ${error.message}`, stale, { cause: error }));
    });
    request.end(body);
  });
}

/**
 * One call; sent again once if it went out on a kept-alive connection the server had just closed
 * (Node's documented remedy: `request.reusedSocket`). Other failures are the caller's to handle.
 */
export async function callPlatform(url: string, init: PlatformHttpRequest): Promise<PlatformHttpAnswer> {
  const target = new URL(url);
  try {
    return await callOnce(target, init);
  } catch (error) {
    if (error instanceof PlatformHttpError && error.staleConnection) return callOnce(target, init);
    throw error;
  }
}
