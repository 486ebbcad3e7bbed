import { describe, expect, it } from "vitest";
import { clearSessionCookie, readCookie, serializeSessionCookie } from "./session-cookie";

describe("session cookie", () => {
  it("is httpOnly and SameSite, and Secure behind https", () => {
    const cookie = serializeSessionCookie("tok", new Date("2030-01-01T00:00:00Z"), { secure: true });
    expect(cookie).toContain("ld_session=tok");
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Secure");
    expect(serializeSessionCookie("tok", new Date(), { secure: false })).not.toContain("Secure");
    expect(clearSessionCookie({ secure: false })).toContain("Expires=Thu, 01 Jan 1970");
  });

  it("reads one cookie among many and ignores malformed ones", () => {
    expect(readCookie("a=1; ld_session=abc; b=2", "ld_session")).toBe("abc");
    expect(readCookie("ld_session=", "ld_session")).toBeUndefined();
    expect(readCookie(`ld_session=${"x".repeat(300)}`, "ld_session")).toBeUndefined();
    expect(readCookie(undefined, "ld_session")).toBeUndefined();
  });
});
