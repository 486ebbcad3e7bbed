// The regional spike method on synthetic series: a real surge is caught, noise and small numbers are not.
import { describe, expect, it } from "vitest";
import { judgeSpike, poissonTail } from "./spike-test";

describe("regional spike", () => {
  it("computes the Poisson tail", () => {
    expect(poissonTail(0, 3)).toBe(1);
    // P(X ≥ 1 | 2) = 1 − e^−2
    expect(poissonTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 10);
    expect(poissonTail(30, 2)).toBeLessThan(1e-15);
  });

  it("a province ordering 40 in six hours, against 5 a day before, is a spike", () => {
    // 14 days × 5 a day = 70 baseline orders: 1.25 expected in 6 hours.
    const verdict = judgeSpike(40, 70);
    expect(verdict.spike).toBe(true);
    expect(verdict.expected).toBe(1.25);
    expect(verdict.rise).toBe(32);
  });

  it("the usual busy province at its usual pace is not", () => {
    // 14 days × 200 a day: 50 expected in 6 hours; 58 is within its noise.
    expect(judgeSpike(58, 2_800).spike).toBe(false);
  });

  it("three orders where there were none is not a spike: too few to matter", () => {
    expect(judgeSpike(3, 0).spike).toBe(false);
    expect(judgeSpike(12, 0).spike).toBe(true);
  });

  it("twice the usual is a rise, not a spike", () => {
    expect(judgeSpike(100, 2_800).spike).toBe(false);
  });
});
