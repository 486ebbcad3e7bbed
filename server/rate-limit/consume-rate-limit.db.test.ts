import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../db/db";
import { setupTestDatabase } from "../testing/test-database";
import { consumeRateLimit } from "./consume-rate-limit";

setupTestDatabase();

describe("rate limits", () => {
  it("count concurrent hits exactly once each", async () => {
    const key = `test:${randomBytes(4).toString("hex")}`;
    const results = await Promise.all(Array.from({ length: 20 }, () => consumeRateLimit(key, 15, 60_000)));
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(results.filter((r) => !r.allowed)).toHaveLength(5);
  });

  it("start a new window once the old one has ended", async () => {
    const key = `test:${randomBytes(4).toString("hex")}`;
    await consumeRateLimit(key, 1, 60_000);
    expect((await consumeRateLimit(key, 1, 60_000)).allowed).toBe(false);
    await db().rateLimitBucket.update({ where: { key }, data: { windowEnd: new Date(Date.now() - 1000) } });
    expect(await consumeRateLimit(key, 1, 60_000)).toMatchObject({ allowed: true, count: 1 });
  });
});
