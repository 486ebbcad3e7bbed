import { describe, expect, it } from "vitest";
import { eventually } from "../testing/eventually";
import { seedConversation } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";
import { getDatabase } from "./db";
import { vacuumHotTables } from "./vacuum-hot-tables";

setupTestDatabase();

const deadRows = async () =>
  Number(
    (
      await getDatabase().sql.query<{ dead: string }>(
        `SELECT pg_stat_get_dead_tuples('"Conversation"'::regclass) AS dead`,
      )
    ).rows[0]?.dead,
  );

describe("hot table vacuum", () => {
  it("leaves a quiet conversation table alone, and vacuums one that busy conversations have filled with dead rows", async () => {
    const conversation = await seedConversation();
    expect(await vacuumHotTables(getDatabase().sql)).toEqual([]);

    // What each customer message does to its conversation: a new version of the row, its indexed
    // activity time moved, so no HOT update (every index gets an entry for the new version too).
    for (let i = 0; i < 600; i += 1) {
      await getDatabase().sql.query(`UPDATE "Conversation" SET "lastActivityAt" = $2 WHERE id = $1`, [
        conversation.id,
        new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      ]);
    }
    // Each connection reports its statistics within a second or so of going idle.
    const vacuumed = await eventually(
      () => vacuumHotTables(getDatabase().sql),
      (tables) => tables.length > 0,
    );
    expect(vacuumed).toEqual(["Conversation"]);
    expect(await deadRows()).toBe(0);
    expect(await vacuumHotTables(getDatabase().sql)).toEqual([]);
  });
});
