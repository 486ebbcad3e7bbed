import { describe, expect, it, vi } from "vitest";
import { newId } from "./new-id";

describe("newId", () => {
  it("sorts ids in the order they were made, within one millisecond and across a clock step back", () => {
    vi.useFakeTimers({ now: new Date("2026-11-29T04:00:00.000Z") });
    try {
      const ids = Array.from({ length: 500 }, () => newId());
      vi.setSystemTime(new Date("2026-11-29T03:59:59.000Z"));
      ids.push(newId(), newId());
      vi.setSystemTime(new Date("2026-11-29T04:00:01.000Z"));
      ids.push(newId());
      expect([...ids].sort()).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => /^c[a-z0-9]{26}$/.test(id))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
