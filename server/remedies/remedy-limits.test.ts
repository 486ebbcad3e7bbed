import { describe, expect, it } from "vitest";
import { overLimit, startOfBusinessDay } from "./remedy-limits";

describe("remedy limits", () => {
  it("a day starts at midnight in China, whatever the server's clock zone", () => {
    expect(startOfBusinessDay(new Date("2026-12-06T15:59:59Z")).toISOString()).toBe("2026-12-05T16:00:00.000Z");
    expect(startOfBusinessDay(new Date("2026-12-06T16:00:00Z")).toISOString()).toBe("2026-12-06T16:00:00.000Z");
  });

  it("a refund is over the per-refund limit first, then over what is left of the day", () => {
    const limits = { perRefundFen: 20_000, perDayFen: 50_000 };
    expect(overLimit(limits, 20_000, 30_000)).toBeNull();
    expect(overLimit(limits, 20_001, 0)).toBe("per_remedy");
    expect(overLimit(limits, 15_000, 40_000)).toBe("per_day");
    expect(overLimit({ perRefundFen: null, perDayFen: null }, 10_000_000, 10_000_000)).toBeNull();
  });
});
