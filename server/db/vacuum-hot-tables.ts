// Every customer message rewrites its conversation's row, and the row's sort keys are indexed, so
// none of these updates is HOT: each leaves a dead version behind, in the table and in all ten of
// its indexes. A busy conversation gathers hundreds of them in a minute, and every lookup of it
// (the ingest batch's lock, the inbox row it publishes) walks them all. Autovacuum looks at a
// database once a minute at best (`autovacuum_naptime`, a server setting we cannot assume) and
// never runs under embedded PGlite; measured at 1,200 msg/s on the bench's 200 conversations,
// PostgreSQL's CPU doubled within 12 seconds and the deliver p99 went from 66 to 149 ms. So the
// process that works jobs checks the dead-row count every second and vacuums the tables that need it.
import { createLogger } from "../logger";
import type { SqlConnection } from "./sql-connection";

const log = createLogger("vacuum");

/** Tables whose rows are rewritten on the inbound path, several times a second each under load. */
export const HOT_TABLES = ["Conversation"] as const;

export type VacuumPolicy = {
  /** Vacuum once a table has at least this many dead rows… */
  minDeadRows: number;
  /** …and at least this many per live row (an average version chain this long). */
  deadPerLiveRow: number;
};

export const DEFAULT_VACUUM_POLICY: VacuumPolicy = { minDeadRows: 500, deadPerLiveRow: 0.5 };

/**
 * When each table may be vacuumed again: ten times as long as its last vacuum took, so vacuuming
 * costs at most a tenth of one connection's time even on a large table, or on one whose dead rows an
 * old transaction still sees (the vacuum then scans its indexes and removes nothing).
 */
export type VacuumSchedule = Map<string, number>;
const PAUSE_PER_VACUUM_MS = 10;

type TableStats = { name: string; live: number; dead: number; mayVacuum: boolean };

async function readStats(sql: SqlConnection): Promise<TableStats[]> {
  // The statistics functions read shared memory: cheap enough to ask every second. VACUUM skips,
  // with only a warning, a table the user neither owns nor may maintain as superuser or database owner.
  const { rows } = await sql.query<{ name: string; live: string; dead: string; mayVacuum: boolean }>(
    `SELECT t.name, pg_stat_get_live_tuples(c.oid) AS live, pg_stat_get_dead_tuples(c.oid) AS dead,
            (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
              OR pg_has_role(c.relowner, 'MEMBER')
              OR pg_has_role((SELECT datdba FROM pg_database WHERE datname = current_database()), 'MEMBER')
              AS "mayVacuum"
     FROM unnest($1::text[]) AS t(name) JOIN pg_class c ON c.oid = to_regclass(quote_ident(t.name))`,
    [HOT_TABLES],
  );
  return rows.map((row) => ({ ...row, live: Number(row.live), dead: Number(row.dead) }));
}

/** Vacuums each hot table with enough dead rows; returns the tables vacuumed. */
export async function vacuumHotTables(
  sql: SqlConnection,
  options: { policy?: VacuumPolicy; schedule?: VacuumSchedule } = {},
): Promise<string[]> {
  const policy = options.policy ?? DEFAULT_VACUUM_POLICY;
  const schedule = options.schedule ?? new Map();
  const due = (await readStats(sql)).filter(
    (table) =>
      table.mayVacuum &&
      table.dead >= policy.minDeadRows &&
      table.dead >= table.live * policy.deadPerLiveRow &&
      (schedule.get(table.name) ?? 0) <= Date.now(),
  );
  for (const table of due) {
    const began = Date.now();
    // SKIP_LOCKED: another instance already vacuuming it (or a migration holding it) is left alone.
    await sql.exec(`VACUUM (SKIP_LOCKED) "${table.name}"`);
    const took = Date.now() - began;
    schedule.set(table.name, Date.now() + took * PAUSE_PER_VACUUM_MS);
  }
  return due.map((table) => table.name);
}

/** Checks every `everyMs` until stopped; a failed round is logged and the next one tries again. */
export function startHotTableVacuum(sql: SqlConnection, options: { everyMs?: number; policy?: VacuumPolicy } = {}) {
  const schedule: VacuumSchedule = new Map();
  let round: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (round !== undefined) return;
    round = vacuumHotTables(sql, { policy: options.policy, schedule })
      .then((tables) => {
        if (tables.length > 0) log.debug({ tables }, "vacuumed");
      })
      .catch((error: unknown) => log.warn({ err: error }, "vacuum of hot tables failed"))
      .finally(() => {
        round = undefined;
      });
  }, options.everyMs ?? 1_000);
  timer.unref();
  return {
    /** Stops checking; resolves when a vacuum under way has finished, so the database can close. */
    async stop() {
      clearInterval(timer);
      await round;
    },
  };
}
