// Applies prisma/migrations/*/migration.sql in order and records them in Prisma's own
// `_prisma_migrations` table, so `prisma migrate status/deploy` stay compatible wherever the native
// engine can be had. Each migration runs in one transaction; an advisory lock serialises instances.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createLogger } from "../logger";
import type { SqlConnection } from "./sql-connection";

const log = createLogger("migrate");

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations");

// Any constant; shared by every LoopDesk instance migrating the same database.
const MIGRATION_LOCK_ID = 72_640_311;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export type MigrationFile = { name: string; sql: string; checksum: string };

export function readMigrationFiles(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

export class MigrationError extends Error {
  override name = "MigrationError";
}

/** Applies pending migrations; returns the names applied by this call. */
export async function applyMigrations(connection: SqlConnection, files = readMigrationFiles()): Promise<string[]> {
  await connection.exec(CREATE_TABLE);
  await connection.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
  try {
    const { rows } = await connection.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
    );
    const applied = new Map(rows.filter((row) => row.rolled_back_at === null).map((row) => [row.migration_name, row]));
    for (const row of applied.values()) {
      if (row.finished_at === null) {
        throw new MigrationError(
          `Migration ${row.migration_name} started but never finished: repair the database, then mark it rolled back in _prisma_migrations.`,
        );
      }
    }
    const done: string[] = [];
    for (const file of files) {
      const previous = applied.get(file.name);
      if (previous) {
        if (previous.checksum !== file.checksum) {
          log.warn(
            { migration: file.name },
            "migration was edited after it was applied; migrations must not change once merged",
          );
        }
        continue;
      }
      const startedAt = new Date();
      await connection.exec("BEGIN");
      try {
        await connection.exec(file.sql);
        await connection.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, $4, now(), 1)`,
          [randomUUID(), file.checksum, file.name, startedAt],
        );
        await connection.exec("COMMIT");
      } catch (error) {
        await connection.exec("ROLLBACK");
        throw new MigrationError(`Migration ${file.name} failed and was rolled back: ${(error as Error).message}`);
      }
      log.info({ migration: file.name, ms: Date.now() - startedAt.getTime() }, "migration applied");
      done.push(file.name);
    }
    return done;
  } finally {
    await connection.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]);
  }
}
