import { describe, expect, it } from "vitest";
import { db, getDatabase } from "../db/db";
import { setupTestDatabase } from "../testing/test-database";
import { activeKey, activeKeyPrismaSql, activeKeySql } from "./active-key";

setupTestDatabase();

describe("a conversation's active key", () => {
  it("is the same whether LoopDesk computes it or PostgreSQL does, in plain and in Prisma's queries", async () => {
    const expected = activeKey("channel-1", "customer-1");
    const { rows } = await getDatabase().sql.query<{ key: string }>(
      `SELECT ${activeKeySql("$1::text", "$2::text")} AS key`,
      ["channel-1", "customer-1"],
    );
    const viaPrisma = await db().$queryRaw<
      { key: string }[]
    >`SELECT ${activeKeyPrismaSql(`'channel-1'`, "customer-1")} AS key`;
    expect(rows[0]?.key).toBe(expected);
    expect(viaPrisma[0]?.key).toBe(expected);
    expect(activeKey("channel-1", "customer-2")).not.toBe(expected);
  });
});
