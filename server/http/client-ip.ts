import type { IncomingMessage } from "node:http";

/** Set by the custom server on every request it hands to Next.js; never taken from the client. */
export const CLIENT_IP_HEADER = "x-loopdesk-client-ip";

export function resolveClientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}
