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

/** Vacuums each hot table with enough dead rows; returns the tables vacuumed. */
export async function vacuumHotTables(
  sql: SqlConnection,
  policy: VacuumPolicy = DEFAULT_VACUUM_POLICY,
): Promise<string[]> {
  // The statistics functions read shared memory: no catalog join, cheap enough to ask every second.
  const { rows } = await sql.query<{ name: string; live: string; dead: string }>(
    `SELECT t.name, pg_stat_get_live_tuples(to_regclass(quote_ident(t.name))) AS live,
            pg_stat_get_dead_tuples(to_regclass(quote_ident(t.name))) AS dead
     FROM unnest($1::text[]) AS t(name)`,
    [HOT_TABLES],
  );
  const due = rows.filter(
    (row) => Number(row.dead) >= policy.minDeadRows && Number(row.dead) >= Number(row.live) * policy.deadPerLiveRow,
  );
  for (const table of due) {
    // SKIP_LOCKED: another instance already vacuuming it (or a migration holding it) is left alone.
    await sql.exec(`VACUUM (SKIP_LOCKED) "${table.name}"`);
  }
  return due.map((table) => table.name);
}

/** Checks every `everyMs` until stopped; a failed round is logged and the next one tries again. */
export function startHotTableVacuum(sql: SqlConnection, options: { everyMs?: number; policy?: VacuumPolicy } = {}) {
  let round: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (round !== undefined) return;
    round = vacuumHotTables(sql, options.policy)
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
