import { describe, expect, it } from "vitest";
import { getConfig } from "../env";
import { setupTestDatabase } from "../testing/test-database";
import { getDatabase } from "./db";
import type { SqlConnection } from "./sql-connection";

setupTestDatabase();

type Settings = { synchronous_commit: string; plan_cache_mode: string };

const settingsOf = async (connection: SqlConnection) =>
  (
    await connection.query<Settings>(
      `SELECT current_setting('synchronous_commit') AS synchronous_commit,
              current_setting('plan_cache_mode') AS plan_cache_mode`,
      [],
    )
  ).rows[0];

/** Every pooled connection at once (the test pool holds five), so none is missed. */
const everyConnection = () =>
  new Promise<Settings[]>((resolve, reject) => {
    const seen: Settings[] = [];
    let release = () => {};
    const held = new Promise<void>((done) => {
      release = done;
    });
    for (let i = 0; i < 5; i += 1) {
      getDatabase()
        .withConnection(async (connection) => {
          const settings = await settingsOf(connection);
          if (settings) seen.push(settings);
          if (seen.length === 5) {
            resolve(seen);
            release();
          }
          await held;
        })
        .catch(reject);
    }
  });

const DEFAULTS = { synchronous_commit: "on", plan_cache_mode: "auto" };

describe("transactions", () => {
  // The options are PostgreSQL settings; PGlite, the embedded database, ignores them.
  it.skipIf(!getConfig().databaseUrl)(
    "a replayable ingest commits without waiting for the WAL flush, on generic plans, and leaves no connection changed",
    async () => {
      const inside = await getDatabase().transaction(settingsOf, { replayable: true, genericPlans: true });
      expect(inside).toEqual({ synchronous_commit: "off", plan_cache_mode: "force_generic_plan" });
      await expect(
        getDatabase().transaction(
          async (tx) => {
            await settingsOf(tx);
            throw new Error("rolled back");
          },
          { replayable: true, genericPlans: true },
        ),
      ).rejects.toThrow("rolled back");

      expect(await getDatabase().transaction(settingsOf)).toEqual(DEFAULTS);
      expect(await everyConnection()).toEqual(Array(5).fill(DEFAULTS));
    },
  );

  it("commits what a replayable transaction wrote", async () => {
    await getDatabase().transaction(
      (tx) =>
        tx.query(
          `INSERT INTO "InboundEvent" (id, source, "dedupeKey", payload) VALUES ('replayable', 'OFFICIAL_ACCOUNT', 'k', '<xml/>')`,
          [],
        ),
      { replayable: true, genericPlans: true },
    );
    const { rows } = await getDatabase().sql.query(`SELECT id FROM "InboundEvent" WHERE id = 'replayable'`);
    expect(rows).toEqual([{ id: "replayable" }]);
  });
});
