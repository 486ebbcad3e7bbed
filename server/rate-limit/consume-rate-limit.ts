import { db } from "../db/db";

export type RateLimitResult = { allowed: boolean; count: number; retryAfterSeconds: number };

/**
 * Counts one hit against a fixed window shared by every instance (one atomic upsert in Postgres).
 * The window restarts on the first hit after it ended.
 */
export async function consumeRateLimit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
  const rows = await db().$queryRaw<{ count: number; windowEnd: Date }[]>`
    INSERT INTO "RateLimitBucket" ("key", "windowEnd", "count")
    VALUES (${key}, now() + ${windowMs} * interval '1 millisecond', 1)
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."windowEnd" <= now() THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
      "windowEnd" = CASE WHEN "RateLimitBucket"."windowEnd" <= now() THEN EXCLUDED."windowEnd" ELSE "RateLimitBucket"."windowEnd" END
    RETURNING "count", "windowEnd"`;
  const row = rows[0];
  if (!row) throw new Error("rate-limit upsert returned no row");
  const count = Number(row.count);
  return {
    allowed: count <= limit,
    count,
    retryAfterSeconds: Math.max(1, Math.ceil((row.windowEnd.getTime() - Date.now()) / 1000)),
  };
}

/** Gives one hit back (a reservation that turned out not to count). */
export async function refundRateLimit(key: string): Promise<void> {
  await db().$executeRaw`
    UPDATE "RateLimitBucket" SET "count" = "count" - 1 WHERE "key" = ${key} AND "count" > 0 AND "windowEnd" > now()`;
}
