import { describe, expect, it } from "vitest";
import { chinaDayStart, chinaWallClock, startOfChinaDay } from "./china-time";

describe("China time", () => {
  it("reads China's wall clock whatever the server's zone", () => {
    expect(chinaWallClock(new Date("2026-12-06T16:30:00.250Z"))).toBe("2026-12-07T00:30:00.250");
  });

  it("a day starts at midnight in China", () => {
    expect(chinaDayStart("2026-12-06").toISOString()).toBe("2026-12-05T16:00:00.000Z");
    expect(startOfChinaDay(new Date("2026-12-06T15:59:59Z")).toISOString()).toBe("2026-12-05T16:00:00.000Z");
    expect(startOfChinaDay(new Date("2026-12-06T16:00:00Z")).toISOString()).toBe("2026-12-06T16:00:00.000Z");
  });
});
