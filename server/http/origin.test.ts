import { describe, expect, it } from "vitest";
import { isAllowedOrigin } from "./origin";

describe("same-site check", () => {
  it("accepts the console's own origin and configured ones, refuses others", () => {
    const base = { host: "cs.example.com", allowedOrigins: ["https://admin.example.com"] };
    expect(isAllowedOrigin({ ...base, origin: "https://cs.example.com" })).toBe(true);
    expect(isAllowedOrigin({ ...base, origin: "https://admin.example.com" })).toBe(true);
    expect(isAllowedOrigin({ ...base, origin: "https://evil.example" })).toBe(false);
    expect(isAllowedOrigin({ ...base, origin: "not a url" })).toBe(false);
  });

  it("lets origin-less API clients through but not origin-less sockets", () => {
    expect(isAllowedOrigin({ origin: undefined, host: "h", allowedOrigins: [] })).toBe(true);
    expect(isAllowedOrigin({ origin: undefined, host: "h", allowedOrigins: [], requireOrigin: true })).toBe(false);
  });
});
