import { describe, expect, it } from "vitest";
import { overLimit, type RemedyLimits } from "./remedy-limits";

const agent: RemedyLimits = { perRemedyFen: 20_000, maxOrderSharePct: 50, perDayFen: 50_000, brandPerDayFen: 100_000 };
const spent = { userSpentTodayFen: 0, brandSpentTodayFen: 0 };

describe("remedy caps", () => {
  it("a remedy within every cap needs no approval", () => {
    expect(overLimit(agent, { costFen: 20_000, orderValueFen: 40_000, ...spent })).toBeNull();
    const none = { perRemedyFen: null, maxOrderSharePct: null, perDayFen: null, brandPerDayFen: null };
    expect(
      overLimit(none, { costFen: 9_000_000, orderValueFen: 1, userSpentTodayFen: 9e7, brandSpentTodayFen: 9e7 }),
    ).toBeNull();
  });

  it("is over the amount per remedy first, then the share of the order, then the day's budgets", () => {
    expect(overLimit(agent, { costFen: 20_001, orderValueFen: 100_000, ...spent })).toBe("per_remedy");
    expect(overLimit(agent, { costFen: 5_001, orderValueFen: 10_000, ...spent })).toBe("order_share");
    expect(overLimit(agent, { costFen: 5_000, orderValueFen: 10_000, ...spent })).toBeNull();
    expect(
      overLimit(agent, { costFen: 15_000, orderValueFen: null, userSpentTodayFen: 40_000, brandSpentTodayFen: 0 }),
    ).toBe("per_day");
    expect(
      overLimit(agent, { costFen: 15_000, orderValueFen: null, userSpentTodayFen: 0, brandSpentTodayFen: 90_000 }),
    ).toBe("brand_per_day");
  });

  it("a reship or a coupon without an order is not held to a share of the order", () => {
    expect(overLimit(agent, { costFen: 19_000, orderValueFen: null, ...spent })).toBeNull();
  });
});
