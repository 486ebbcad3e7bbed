// The replenishment suggestion a low-stock SKU sends the ERP.
import { describe, expect, it } from "vitest";
import { replenishmentParams, suggestReplenishment } from "./replenishment-formula";

describe("replenishment formula", () => {
  it("covers lead time and review period at the mean, plus safety stock for the variability", () => {
    // 14 days selling 10 a day, no variability: 10 × (7 + 7) = 140, no safety stock; 8 on hand.
    expect(suggestReplenishment(Array(14).fill(10), 8)).toEqual({
      dailyDemand: 10,
      safetyStock: 0,
      target: 140,
      suggestedQuantity: 132,
    });
  });

  it("adds safety stock when sales vary from day to day", () => {
    const daily = [0, 20, 0, 20, 0, 20, 0, 20, 0, 20, 0, 20, 0, 20];
    const suggestion = suggestReplenishment(daily, 0);
    // σ of the sample ≈ 10.38; ⌈1.65 × 10.38 × √7⌉ = 46
    expect(suggestion.safetyStock).toBe(46);
    expect(suggestion.target).toBe(140 + 46);
  });

  it("suggests nothing for a SKU that did not sell, or has more on hand than the target", () => {
    expect(suggestReplenishment(Array(14).fill(0), 3).suggestedQuantity).toBe(0);
    expect(suggestReplenishment(Array(14).fill(1), 500).suggestedQuantity).toBe(0);
  });

  it("takes the brand's lead time from Settings and ignores nonsense", () => {
    expect(replenishmentParams({ leadTimeDays: 21, salesDays: "x", serviceZ: 99 })).toEqual({
      salesDays: 14,
      leadTimeDays: 21,
      reviewDays: 7,
      serviceZ: 1.65,
    });
  });
});
