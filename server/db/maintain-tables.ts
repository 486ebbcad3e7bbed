// Autovacuum's work, done on LoopDesk's own clock for the few tables the inbound path churns:
// autovacuum visits a database once a minute at best and never runs under PGlite. Vacuum the
// conversation rows every message rewrites (none of those updates is HOT), analyze the growing tables
// so prepared statements plan anew, merge the search index's pending list off the ingest's path
// (docs/performance.md, "Table maintenance on LoopDesk's clock").
// The process that works jobs checks every second and runs what is due.
import { createLogger } from "../logger";
import type { SqlConnection } from "./sql-connection";

const log = createLogger("table-maintenance");

/** Rows rewritten on the inbound path, several times a second each under load: vacuumed. */
const HOT_TABLES = ["Conversation"];
/** Tables that grow with every message or new customer: analyzed. */
const GROWING_TABLES = ["InboundEvent", "Message", "CustomerIdentity", "Customer"];
/** GIN indexes on the inbound path, by table: their pending lists are merged. */
const PENDING_LIST_INDEXES: Record<string, string> = { Message: "Message_searchVector_idx" };
const WATCHED_TABLES = [...new Set([...HOT_TABLES, ...GROWING_TABLES, ...Object.keys(PENDING_LIST_INDEXES)])];

export type MaintenancePolicy = {
  /** Vacuum a hot table with at least this many dead rows and this many per live row. */
  vacuum: { minDeadRows: number; deadPerLiveRow: number };
  /** Analyze a growing table once this many rows, and this share of it, were added since the last analyze. */
  analyze: { minNewRows: number; newPerLiveRow: number };
  /** Merge a GIN index's pending list once this many rows were inserted into its table since the last merge. */
  merge: { minInsertedRows: number };
};

export const DEFAULT_MAINTENANCE_POLICY: MaintenancePolicy = {
  vacuum: { minDeadRows: 500, deadPerLiveRow: 0.5 },
  // Half the rows new: the table has doubled. Plans care about the order of magnitude, and analyzing
  // a 40,000-row InboundEvent took ~130 ms under load: a tenth (autoanalyze's share) cost 11% of a
  // core at 1,500 msg/s.
  analyze: { minNewRows: 1000, newPerLiveRow: 0.5 },
  // A thousand messages' entries merge in a few milliseconds; the list's own limit is ~100 times that.
  merge: { minInsertedRows: 1000 },
};

/**
 * When each task may run again: ten times as long as it last took, so maintenance costs at most a
 * tenth of one connection's time even on a large table, or on one whose dead rows an old
 * transaction still sees (the vacuum then scans its indexes and removes nothing). For a merge or an
 * analyze, also its table's count of inserted rows when it last ran, under `insertedAt(command)`.
 */
export type MaintenanceSchedule = Map<string, number>;
const insertedAt = (command: string) => `${command} inserted`;
const PAUSE_PER_RUN = 10;

type TableStats = {
  name: string;
  live: number;
  dead: number;
  changed: number;
  /** Rows ever inserted, since the statistics were last reset. */
  inserted: number;
  mayMaintain: boolean;
  /** Merging a GIN index's pending list takes its owner (or a superuser). */
  mayMerge: boolean;
};

async function readStats(sql: SqlConnection): Promise<TableStats[]> {
  // The statistics functions read shared memory: cheap enough to ask every second. VACUUM and
  // ANALYZE skip, with only a warning, a table the user neither owns nor may maintain as superuser
  // or database owner.
  const { rows } = await sql.query<{
    name: string;
    live: string;
    dead: string;
    changed: string;
    inserted: string;
    ownsTable: boolean;
    ownsDatabase: boolean;
  }>(
    `SELECT t.name, pg_stat_get_live_tuples(c.oid) AS live, pg_stat_get_dead_tuples(c.oid) AS dead,
            pg_stat_get_mod_since_analyze(c.oid) AS changed, pg_stat_get_tuples_inserted(c.oid) AS inserted,
            (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) OR pg_has_role(c.relowner, 'MEMBER')
              AS "ownsTable",
            pg_has_role((SELECT datdba FROM pg_database WHERE datname = current_database()), 'MEMBER')
              AS "ownsDatabase"
     FROM unnest($1::text[]) AS t(name) JOIN pg_class c ON c.oid = to_regclass(quote_ident(t.name))`,
    [WATCHED_TABLES],
  );
  return rows.map(({ ownsTable, ownsDatabase, ...row }) => ({
    ...row,
    live: Number(row.live),
    dead: Number(row.dead),
    changed: Number(row.changed),
    inserted: Number(row.inserted),
    mayMaintain: ownsTable || ownsDatabase,
    mayMerge: ownsTable,
  }));
}

/** Runs the vacuums and analyzes that are due; returns them, e.g. `VACUUM (SKIP_LOCKED) "Conversation"`. */
export async function maintainTables(
  sql: SqlConnection,
  options: { policy?: MaintenancePolicy; schedule?: MaintenanceSchedule } = {},
): Promise<string[]> {
  const { vacuum, analyze, merge } = options.policy ?? DEFAULT_MAINTENANCE_POLICY;
  const schedule = options.schedule ?? new Map();
  const due: string[] = [];
  /** Each due merge's and analyze's table count of inserted rows, recorded once it has run. */
  const insertedNow = new Map<string, number>();
  /** Rows inserted since `command` last ran, or undefined when this process has no count of its own. */
  const insertedSince = (command: string, table: TableStats) => {
    const last = schedule.get(insertedAt(command));
    // The count is cumulative: counted from when this process first saw it, or the statistics' reset.
    return last === undefined || table.inserted < last ? undefined : table.inserted - last;
  };
  for (const table of await readStats(sql)) {
    if (!table.mayMaintain) continue;
    const index = PENDING_LIST_INDEXES[table.name];
    if (index && table.mayMerge) {
      const command = `SELECT gin_clean_pending_list('"${index}"'::regclass)`;
      const inserted = insertedSince(command, table);
      if (inserted === undefined) schedule.set(insertedAt(command), table.inserted);
      else if (inserted >= merge.minInsertedRows) {
        due.push(command);
        insertedNow.set(command, table.inserted);
      }
    }
    if (
      HOT_TABLES.includes(table.name) &&
      table.dead >= vacuum.minDeadRows &&
      table.dead >= table.live * vacuum.deadPerLiveRow
    )
      // SKIP_LOCKED: another instance already at it (or a migration holding the table) is left alone.
      due.push(`VACUUM (SKIP_LOCKED) "${table.name}"`);
    if (GROWING_TABLES.includes(table.name)) {
      const command = `ANALYZE (SKIP_LOCKED) "${table.name}"`;
      // New rows, not changed ones: every inbound event is inserted and then marked processed, and
      // counting both analyzed InboundEvent each time it grew by a quarter (~190 ms each under load,
      // every 10 s at 1,500 msg/s). Until this process has analyzed the table itself, every change
      // since the last analyze counts: sooner, never later.
      const added = insertedSince(command, table) ?? table.changed;
      if (added >= analyze.minNewRows && added >= table.live * analyze.newPerLiveRow) {
        due.push(command);
        insertedNow.set(command, table.inserted);
      }
    }
  }
  const ran = due.filter((command) => (schedule.get(command) ?? 0) <= Date.now());
  for (const command of ran) {
    const began = Date.now();
    await sql.exec(command);
    schedule.set(command, Date.now() + (Date.now() - began) * PAUSE_PER_RUN);
    const inserted = insertedNow.get(command);
    if (inserted !== undefined) schedule.set(insertedAt(command), inserted);
  }
  return ran;
}

/** Checks every `everyMs` until stopped; a failed round is logged and the next one tries again. */
export function startTableMaintenance(sql: SqlConnection, options: { everyMs?: number } = {}) {
  const schedule: MaintenanceSchedule = new Map();
  let round: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (round !== undefined) return;
    round = maintainTables(sql, { schedule })
      .then((ran) => {
        if (ran.length > 0) log.debug({ ran }, "tables maintained");
      })
      .catch((error: unknown) => log.warn({ err: error }, "table maintenance failed"))
      .finally(() => {
        round = undefined;
      });
  }, options.everyMs ?? 1_000);
  timer.unref();
  return {
    /** Stops checking; resolves when a run under way has finished, so the database can close. */
    async stop() {
      clearInterval(timer);
      await round;
    },
  };
}
