// Opens the database LoopDesk runs on: PostgreSQL when DATABASE_URL is set, otherwise PGlite
// (PostgreSQL compiled to WASM) in this process, with the same schema and migrations.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { Config } from "../env";
import { PrismaClient } from "../generated/prisma/client";
import { createLogger } from "../logger";
import { applyMigrations } from "./migrate";
import type { SqlConnection, SqlTransaction, TransactionOptions } from "./sql-connection";

const log = createLogger("db");

export type DatabaseKind = "postgres" | "pglite";

export type Database = {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** Pooled statements for the hot paths (webhooks, ingestion), pg-boss and health checks. */
  sql: SqlConnection;
  /** A short transaction of plain SQL statements (no network calls inside). */
  transaction: SqlTransaction;
  /** pg-boss's database interface, over the same pool (or the same PGlite). */
  jobStore: { executeSql(text: string, values?: unknown[]): Promise<{ rows?: unknown[] }> };
  /** One dedicated connection, for session-scoped work such as advisory locks and BEGIN…COMMIT scripts. */
  withConnection<T>(work: (connection: SqlConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type OpenDatabaseOptions =
  | { kind: "postgres"; url: string; poolSize: number; migrate?: boolean }
  /** dataDir "memory://" keeps everything in memory (tests). */
  | { kind: "pglite"; dataDir: string; migrate?: boolean };

// Prisma stores DateTime as `timestamp` (no zone) holding UTC. node-postgres would read those as
// local time, wrong on a server running in Asia/Shanghai: read them as UTC in our own SQL.
const TIMESTAMP_OID = 1114;
/** One parser for every timestamp column: node-pg asks for the parsers of each result's columns. */
const parseUtcTimestamp = (value: string) => new Date(`${value.replace(" ", "T")}Z`);
const utcTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID ? parseUtcTimestamp : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Our own statements are few and repeated thousands of times a second on the inbound path: named,
 * they are parsed and planned once per connection instead of on every call.
 */
const statementNames = new Map<string, string>();
/** Past this many distinct statements something builds SQL from data: stop naming, never leak. */
const MAX_NAMED_STATEMENTS = 500;
function statementName(text: string, values: unknown[] | undefined): string | undefined {
  if (!values || values.length === 0) return undefined;
  let name = statementNames.get(text);
  if (!name && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `ld_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** BEGIN and the transaction's settings in one round trip (the simple protocol takes several statements). */
function beginStatement(options: TransactionOptions = {}): string {
  return [
    "BEGIN",
    ...(options.genericPlans ? ["SET LOCAL plan_cache_mode = force_generic_plan"] : []),
    ...(options.replayable ? ["SET LOCAL synchronous_commit = off"] : []),
  ].join("; ");
}

function fromPgClient(client: pg.Pool | pg.PoolClient): SqlConnection {
  return {
    query: async <Row>(text: string, values?: unknown[]) => {
      const result = await client.query({ name: statementName(text, values), text, values, types: utcTypes });
      return { rows: result.rows as Row[] };
    },
    exec: async (script) => {
      await client.query(script);
    },
  };
}

function fromPglite(pglite: PGlite): SqlConnection {
  return {
    query: async <Row>(text: string, values?: unknown[]) => {
      const result = await pglite.query<Row>(text, values);
      return { rows: result.rows };
    },
    exec: async (script) => {
      await pglite.exec(script);
    },
  };
}

/**
 * pg-boss may still record a job's outcome just after shutdown closed the database (a handler that
 * outlived the stop timeout). That write is dropped rather than thrown at nobody: the job stays
 * active in the database and pg-boss runs it again once it expires, so nothing is lost.
 */
function closable(executeSql: Database["jobStore"]["executeSql"]) {
  let closed = false;
  return {
    // No result set at all, not an empty one: pg-boss records an outcome without awaiting it and reads
    // `rows[0].count` whenever `rows` is there, so `[]` became an unhandled TypeError; no rows reads as
    // "nothing affected".
    executeSql: (text: string, values?: unknown[]) =>
      closed ? Promise.resolve({ rows: undefined }) : executeSql(text, values),
    markClosed: () => {
      closed = true;
    },
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Omit<Database, "prisma"> & { adapter: PrismaPg }> {
  // Connections are kept once opened: a burst after a quiet spell would otherwise wait for new
  // backends planning every named statement again (docs/performance.md, "Connections kept open").
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 0 });
  const jobStore = closable((text, values) => pool.query(text, values));
  pool.on("error", (error) => log.error({ err: error }, "idle PostgreSQL client failed"));
  return {
    kind: "postgres",
    adapter: new PrismaPg(pool),
    sql: fromPgClient(pool),
    transaction: async (work, options) => {
      const client = await pool.connect();
      try {
        await client.query(beginStatement(options));
        const result = await work(fromPgClient(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    jobStore: { executeSql: jobStore.executeSql },
    withConnection: async (work) => {
      const client = await pool.connect();
      try {
        return await work(fromPgClient(client));
      } finally {
        client.release();
      }
    },
    close: async () => {
      jobStore.markClosed();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string) {
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("pglite-prisma-adapter"),
  ]);
  // PGlite does not create parent folders.
  if (!dataDir.startsWith("memory://")) fs.mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir);
  const connection = fromPglite(pglite);
  // pg-boss sends multi-statement scripts without parameters; PGlite runs those only through
  // exec(), which returns one result per statement. Answer like node-postgres does: the result
  // itself for one statement, the array of results for several.
  const jobStore = closable(async (text: string, values?: unknown[]) => {
    if (values && values.length > 0) return pglite.query(text, values);
    const results = await pglite.exec(text);
    return (results.length === 1 ? results[0] : results) as { rows: unknown[] };
  });
  return {
    kind: "pglite" as const,
    adapter: new PrismaPGlite(pglite),
    sql: connection,
    // PGlite's own transaction holds its single connection exclusively, so nothing else interleaves.
    transaction: (<T>(work: (connection: SqlConnection) => Promise<T>) =>
      pglite.transaction((tx) =>
        work({
          query: async <Row>(text: string, values?: unknown[]) => ({ rows: (await tx.query<Row>(text, values)).rows }),
          exec: async (script: string) => {
            await tx.exec(script);
          },
        }),
      )) satisfies SqlTransaction,
    jobStore: { executeSql: jobStore.executeSql },
    // PGlite is a single connection: every statement already runs on it, in order.
    withConnection: <T>(work: (c: SqlConnection) => Promise<T>) => work(connection),
    // Prisma's $disconnect does not close PGlite; without this the process never exits.
    close: async () => {
      jobStore.markClosed();
      await pglite.close();
    },
  };
}

/** The database the configuration names: DATABASE_URL's PostgreSQL, or PGlite in the data directory. */
export function configuredDatabase(
  config: Pick<Config, "databaseUrl" | "databasePoolSize" | "dataDir">,
): OpenDatabaseOptions {
  return config.databaseUrl
    ? { kind: "postgres", url: config.databaseUrl, poolSize: config.databasePoolSize }
    : { kind: "pglite", dataDir: path.join(config.dataDir, "pgdata") };
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const opened =
    options.kind === "postgres" ? await openPostgres(options.url, options.poolSize) : await openPglite(options.dataDir);
  if (options.migrate !== false) {
    const applied = await opened.withConnection((connection) => applyMigrations(connection));
    if (applied.length > 0) log.info({ applied: applied.length, kind: opened.kind }, "database migrated");
  }
  const prisma = new PrismaClient({ adapter: opened.adapter });
  return {
    kind: opened.kind,
    prisma,
    sql: opened.sql,
    transaction: opened.transaction,
    jobStore: opened.jobStore,
    withConnection: opened.withConnection,
    close: async () => {
      await prisma.$disconnect();
      await opened.close();
    },
  };
}
