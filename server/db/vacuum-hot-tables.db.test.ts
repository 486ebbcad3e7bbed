import { describe, expect, it } from "vitest";
import { eventually } from "../testing/eventually";
import { seedConversation } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";
import { getDatabase } from "./db";
import { type VacuumSchedule, vacuumHotTables } from "./vacuum-hot-tables";

setupTestDatabase();

const deadRows = async () =>
  Number(
    (
      await getDatabase().sql.query<{ dead: string }>(
        `SELECT pg_stat_get_dead_tuples('"Conversation"'::regclass) AS dead`,
      )
    ).rows[0]?.dead,
  );

/** What each customer message does to its conversation: a new version of the row, its indexed
 * activity time moved, so no HOT update (every index gets an entry for the new version too). */
async function busyConversation(id: string, messages: number) {
  for (let i = 0; i < messages; i += 1) {
    await getDatabase().sql.query(`UPDATE "Conversation" SET "lastActivityAt" = $2 WHERE id = $1`, [
      id,
      new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    ]);
  }
}

describe("hot table vacuum", () => {
  it("leaves a quiet conversation table alone, and vacuums one that busy conversations have filled with dead rows", async () => {
    const conversation = await seedConversation();
    expect(await vacuumHotTables(getDatabase().sql)).toEqual([]);

    await busyConversation(conversation.id, 600);
    // A connection reports its statistics at most once a second, at the end of a transaction (or
    // after 10 s idle): the polling itself brings the report along.
    const vacuumed = await eventually(
      () => vacuumHotTables(getDatabase().sql),
      (tables) => tables.length > 0,
      20_000,
    );
    expect(vacuumed).toEqual(["Conversation"]);
    expect(await deadRows()).toBe(0);
    expect(await vacuumHotTables(getDatabase().sql)).toEqual([]);
  });

  it("waits out the pause a vacuum sets (ten times its duration) before vacuuming the same table again", async () => {
    const conversation = await seedConversation();
    const schedule: VacuumSchedule = new Map();
    await busyConversation(conversation.id, 600);
    const began = Date.now();
    await eventually(
      () => vacuumHotTables(getDatabase().sql, { schedule }),
      (tables) => tables.length > 0,
      20_000,
    );
    const next = schedule.get("Conversation") ?? 0;
    expect(next).toBeGreaterThanOrEqual(began);

    // Dead rows again, but the pause is not over: nothing is vacuumed until it is.
    schedule.set("Conversation", Date.now() + 60_000);
    await busyConversation(conversation.id, 600);
    await eventually(deadRows, (dead) => dead >= 500, 20_000);
    expect(await vacuumHotTables(getDatabase().sql, { schedule })).toEqual([]);
    schedule.set("Conversation", Date.now());
    expect(await vacuumHotTables(getDatabase().sql, { schedule })).toEqual(["Conversation"]);
  });
});
