// WeChat's customer-service sending rules as data: after each customer message the brand may send 5
// messages within 48 h; an OA menu click, subscribe or QR scan allows 3 within 1 minute; entering a
// mini-program session 2 within 1 minute; an OA payment success, unlimited within 48 h.
import type { ReplyWindowKind } from "../generated/prisma/enums";

export type ReplyWindow = { kind: ReplyWindowKind; expiresAt: Date /** null = unlimited */; remaining: number | null };

export type WindowGrant =
  | { kind: "MESSAGE" }
  | { kind: "EVENT"; quota: number }
  | { kind: "PAYMENT" }
  /** The customer unsubscribed: nothing may be sent any more. */
  | { kind: "CLOSE" };

const HOUR = 3600_000;
export const MESSAGE_WINDOW_MS = 48 * HOUR;
export const MESSAGE_WINDOW_QUOTA = 5;
export const EVENT_WINDOW_MS = 60_000;

export function isOpen(window: ReplyWindow | null, now: Date): window is ReplyWindow {
  return window !== null && window.expiresAt > now && (window.remaining === null || window.remaining > 0);
}

/** The window after a grant: the more generous of what was open and what the grant gives. */
export function applyWindowGrant(current: ReplyWindow | null, grant: WindowGrant, now: Date): ReplyWindow | null {
  if (grant.kind === "CLOSE") return current ? { ...current, expiresAt: now, remaining: 0 } : null;
  const granted: ReplyWindow =
    grant.kind === "MESSAGE"
      ? { kind: "MESSAGE", expiresAt: new Date(now.getTime() + MESSAGE_WINDOW_MS), remaining: MESSAGE_WINDOW_QUOTA }
      : grant.kind === "PAYMENT"
        ? { kind: "PAYMENT", expiresAt: new Date(now.getTime() + MESSAGE_WINDOW_MS), remaining: null }
        : { kind: "EVENT", expiresAt: new Date(now.getTime() + EVENT_WINDOW_MS), remaining: grant.quota };
  if (!isOpen(current, now)) return granted;
  if (current.kind === "PAYMENT" && granted.kind !== "PAYMENT") return current;
  if (granted.kind === "EVENT") return current;
  return granted;
}
