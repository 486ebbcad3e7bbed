import { describe, expect, it } from "vitest";
import { applyWindowGrant, isOpen, type ReplyWindow } from "./reply-window";

const at = (iso: string) => new Date(iso);
const now = at("2026-11-25T10:00:00Z");

describe("WeChat reply windows", () => {
  it("a customer message allows 5 replies within 48 hours", () => {
    expect(applyWindowGrant(null, { kind: "MESSAGE" }, now)).toEqual({
      kind: "MESSAGE",
      expiresAt: at("2026-11-27T10:00:00Z"),
      remaining: 5,
    });
  });

  it("a new customer message resets a spent window", () => {
    const spent: ReplyWindow = { kind: "MESSAGE", expiresAt: at("2026-11-26T00:00:00Z"), remaining: 0 };
    expect(isOpen(spent, now)).toBe(false);
    expect(applyWindowGrant(spent, { kind: "MESSAGE" }, now)?.remaining).toBe(5);
  });

  it("a menu click gives 3 replies in one minute, but never shrinks an open message window", () => {
    expect(applyWindowGrant(null, { kind: "EVENT", quota: 3 }, now)).toEqual({
      kind: "EVENT",
      expiresAt: at("2026-11-25T10:01:00Z"),
      remaining: 3,
    });
    const open: ReplyWindow = { kind: "MESSAGE", expiresAt: at("2026-11-26T00:00:00Z"), remaining: 2 };
    expect(applyWindowGrant(open, { kind: "EVENT", quota: 3 }, now)).toBe(open);
  });

  it("a payment success opens an unlimited 48-hour window that a later message does not cut down", () => {
    const paid = applyWindowGrant(null, { kind: "PAYMENT" }, now);
    expect(paid).toMatchObject({ kind: "PAYMENT", remaining: null });
    expect(applyWindowGrant(paid, { kind: "MESSAGE" }, at("2026-11-25T11:00:00Z"))).toBe(paid);
  });

  it("unsubscribing closes the window at once", () => {
    const open: ReplyWindow = { kind: "MESSAGE", expiresAt: at("2026-11-26T00:00:00Z"), remaining: 5 };
    expect(isOpen(applyWindowGrant(open, { kind: "CLOSE" }, now), now)).toBe(false);
  });
});
