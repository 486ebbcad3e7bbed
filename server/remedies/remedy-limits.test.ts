import { describe, expect, it } from "vitest";
import { overLimit } from "./remedy-limits";

describe("remedy limits", () => {
  it("a refund is over the per-refund limit first, then over what is left of the day", () => {
    const limits = { perRefundFen: 20_000, perDayFen: 50_000 };
    expect(overLimit(limits, 20_000, 30_000)).toBeNull();
    expect(overLimit(limits, 20_001, 0)).toBe("per_remedy");
    expect(overLimit(limits, 15_000, 40_000)).toBe("per_day");
    expect(overLimit({ perRefundFen: null, perDayFen: null }, 10_000_000, 10_000_000)).toBeNull();
  });
});
