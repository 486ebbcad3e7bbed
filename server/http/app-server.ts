// The console's HTTP server: every request goes through here before Next.js (or, later, the webhook
// router). It stamps the client address, refuses oversized API bodies before reading them, and
// drains in-flight requests on shutdown.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { AppError, localized, toErrorResponse } from "../errors";
import { CLIENT_IP_HEADER, resolveClientIp } from "./client-ip";
import { UPLOAD_BODY_LIMIT_BYTES } from "./read-json";

/** Agents' attachments and knowledge-base imports: the only API bodies allowed past API_BODY_LIMIT_BYTES (each route sets its own cap). */
export const UPLOAD_PATH = /^\/api\/(conversations\/[A-Za-z0-9_-]{1,64}\/attachments|knowledge-articles\/import)\/?$/;

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export type AppServerOptions = {
  handle: RequestHandler;
  apiBodyLimitBytes: number;
  trustProxy: boolean;
};

/**
 * An oversized body up to this size is read and thrown away after the 413 is sent: a client still
 * sending it (a browser, Playwright) would otherwise write into a closed connection and report a
 * broken pipe instead of the answer. Beyond it the connection is closed at once; a client sending
 * slowly is cut off by Node's requestTimeout either way.
 */
const DISCARD_LIMIT_BYTES = 64 * 1024 * 1024;

function sendError(res: ServerResponse, error: AppError, options: { close: boolean }) {
  const { status, body } = toErrorResponse(error);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    ...(options.close ? { connection: "close" } : {}),
  });
  res.end(JSON.stringify(body));
}

export function createAppServer(options: AppServerOptions) {
  let inFlight = 0;
  let draining = false;
  const idle: (() => void)[] = [];

  const server = createServer((req, res) => {
    inFlight += 1;
    res.on("close", () => {
      inFlight -= 1;
      if (inFlight === 0) for (const resolve of idle.splice(0)) resolve();
    });
    if (draining) res.setHeader("connection", "close");
    req.headers[CLIENT_IP_HEADER] = resolveClientIp(req, options.trustProxy);

    const path = req.url ?? "/";
    const limit = UPLOAD_PATH.test(path.split("?")[0] ?? "") ? UPLOAD_BODY_LIMIT_BYTES : options.apiBodyLimitBytes;
    const declared = Number(req.headers["content-length"] ?? 0);
    if (path.startsWith("/api/") && declared > limit) {
      sendError(res, new AppError("PAYLOAD_TOO_LARGE", localized("error.bodyTooLarge", { limit })), {
        close: declared > DISCARD_LIMIT_BYTES,
      });
      req.resume();
      return;
    }
    Promise.resolve(options.handle(req, res)).catch((error: unknown) => {
      if (!res.headersSent)
        sendError(res, new AppError("INTERNAL", localized("error.internalError"), { cause: error }), { close: true });
      else res.destroy();
    });
  });

  return {
    server,
    /** Stops accepting connections, waits up to timeoutMs for in-flight requests, then cuts the rest. */
    async drain(timeoutMs: number): Promise<{ cutRequests: number }> {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => idle.push(resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
        ]);
      }
      const cutRequests = inFlight;
      server.closeAllConnections();
      await closed;
      return { cutRequests };
    },
  };
}
