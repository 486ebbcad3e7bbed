import { describe, expect, it } from "vitest";
import { flushGapMs } from "./publish";

describe("the pace of broadcasts", () => {
  it("flushes every 10 ms while a flush is cheap, as with a few dozen agents", () => {
    expect(flushGapMs(0)).toBe(10);
    expect(flushGapMs(1.5)).toBe(10);
  });

  it("spaces flushes out so that broadcasting takes a fifth of the event loop when many agents make each flush dear", () => {
    expect(flushGapMs(5)).toBe(25);
    expect(flushGapMs(12)).toBe(60);
  });

  it("never holds an event back longer than 100 ms, however dear the flushes", () => {
    expect(flushGapMs(40)).toBe(100);
  });
});
