import { describe, expect, it } from "vitest";
import { eventually } from "../testing/eventually";
import { seedConversation } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";
import { getDatabase } from "./db";
import { type MaintenanceSchedule, maintainTables } from "./maintain-tables";
import { newId } from "./new-id";

setupTestDatabase();

const VACUUM = `VACUUM (SKIP_LOCKED) "Conversation"`;
const ANALYZE = `ANALYZE (SKIP_LOCKED) "InboundEvent"`;
const MERGE = `SELECT gin_clean_pending_list('"Message_searchVector_idx"'::regclass)`;

const stat = async (name: "dead_tuples" | "mod_since_analyze" | "tuples_inserted", table: string) =>
  Number(
    (
      await getDatabase().sql.query<{ value: string }>(`SELECT pg_stat_get_${name}(to_regclass($1)) AS value`, [
        `"${table}"`,
      ])
    ).rows[0]?.value,
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

async function storeEvents(count: number) {
  await getDatabase().sql.query(
    `INSERT INTO "InboundEvent" (id, source, "dedupeKey", payload)
     SELECT 'e' || n || $1, 'OFFICIAL_ACCOUNT', 'k' || n || $1, '<xml/>' FROM generate_series(1, $2) AS n`,
    [newId(), count],
  );
}

/** Customers' messages, each with words for the search index. */
async function customersWrite(conversation: { id: string; channelAccountId: string }, count: number) {
  await getDatabase().sql.query(
    `INSERT INTO "Message" (id, "updatedAt", direction, "senderKind", type, body, text, "conversationId",
                            "channelAccountId", "searchText")
     SELECT $1 || n, now(), 'INBOUND', 'CUSTOMER', 'TEXT', '{}', '快递到哪了 ' || n, $2, $3, '快递 到 哪 了 ' || n
     FROM generate_series(1, $4) AS n`,
    [newId(), conversation.id, conversation.channelAccountId, count],
  );
}

/** A connection reports its statistics at most once a second, at the end of a transaction (or after
 * 10 s idle): polling brings the report along. */
const maintainUntilSomethingRuns = (schedule?: MaintenanceSchedule) =>
  eventually(
    () => maintainTables(getDatabase().sql, { schedule }),
    (ran) => ran.length > 0,
    20_000,
  );

describe("table maintenance", () => {
  it("leaves quiet tables alone, and vacuums the conversations that busy customers filled with dead rows", async () => {
    const conversation = await seedConversation();
    expect(await maintainTables(getDatabase().sql)).toEqual([]);

    await busyConversation(conversation.id, 600);
    expect(await maintainUntilSomethingRuns()).toEqual([VACUUM]);
    expect(await stat("dead_tuples", "Conversation")).toBe(0);
    expect(await maintainTables(getDatabase().sql)).toEqual([]);
  });

  it("waits out the pause a run sets before running it again", async () => {
    const conversation = await seedConversation();
    const schedule: MaintenanceSchedule = new Map();
    await busyConversation(conversation.id, 600);
    const began = Date.now();
    expect(await maintainUntilSomethingRuns(schedule)).toEqual([VACUUM]);
    expect(schedule.get(VACUUM)).toBeGreaterThanOrEqual(began);

    // Dead rows again, but the pause is not over: nothing runs until it is.
    schedule.set(VACUUM, Date.now() + 60_000);
    await busyConversation(conversation.id, 600);
    await eventually(
      () => stat("dead_tuples", "Conversation"),
      (dead) => dead >= 500,
      20_000,
    );
    expect(await maintainTables(getDatabase().sql, { schedule })).toEqual([]);
    schedule.set(VACUUM, Date.now());
    expect(await maintainTables(getDatabase().sql, { schedule })).toEqual([VACUUM]);
  });

  it("merges the search index's pending list every thousand messages, so that no customer's message has to", async () => {
    const conversation = await seedConversation();
    const schedule: MaintenanceSchedule = new Map();
    const inserted = () => stat("tuples_inserted", "Message");
    const before = await inserted();
    // The first round only notes how many messages the table has had.
    expect(await maintainTables(getDatabase().sql, { schedule })).not.toContain(MERGE);

    await customersWrite(conversation, 500);
    await eventually(inserted, (count) => count >= before + 500, 20_000);
    expect(await maintainTables(getDatabase().sql, { schedule })).not.toContain(MERGE);

    await customersWrite(conversation, 600);
    await eventually(
      () => maintainTables(getDatabase().sql, { schedule }),
      (ran) => ran.includes(MERGE),
      20_000,
    );
    // Nothing was left pending: merging again finds no page to move.
    const { rows } = await getDatabase().sql.query<{ pages: string }>(`${MERGE} AS pages`);
    expect(Number(rows[0]?.pages)).toBe(0);
  });

  it("analyzes the inbound events each time the table has about doubled, and not in between", async () => {
    const schedule: MaintenanceSchedule = new Map();
    const inserted = () => stat("tuples_inserted", "InboundEvent");
    await storeEvents(2_000);
    expect(await maintainUntilSomethingRuns(schedule)).toContain(ANALYZE);
    expect(await stat("mod_since_analyze", "InboundEvent")).toBe(0);

    // Every stored event is then marked processed: 2,000 changes, but the table has not grown.
    await getDatabase().sql.query(`UPDATE "InboundEvent" SET "processedAt" = now() WHERE "processedAt" IS NULL`);
    // 100 more rows on 2,000: not yet.
    const before = await inserted();
    await storeEvents(100);
    await eventually(
      () => stat("mod_since_analyze", "InboundEvent"),
      (changed) => changed >= 2_100,
      20_000,
    );
    await eventually(inserted, (count) => count >= before + 100, 20_000);
    expect(await maintainTables(getDatabase().sql, { schedule })).not.toContain(ANALYZE);

    await storeEvents(2_000);
    expect(await maintainUntilSomethingRuns(schedule)).toContain(ANALYZE);
  });
});
