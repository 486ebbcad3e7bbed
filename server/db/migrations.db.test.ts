import { describe, expect, it } from "vitest";
import { diffMigrationsToSchema } from "../../scripts/lib/schema-engine";
import { setupTestDatabase } from "../testing/test-database";
import { applyMigrations, readMigrationFiles } from "./migrate";

const database = setupTestDatabase();

describe("database migrations", () => {
  it("are recorded in Prisma's own table with their checksums, so prisma migrate status agrees", async () => {
    const files = readMigrationFiles();
    const { rows } = await database
      .current()
      .sql.query<{ migration_name: string; checksum: string; finished_at: Date }>(
        `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
      );
    expect(rows.map((row) => [row.migration_name, row.checksum])).toEqual(files.map((f) => [f.name, f.checksum]));
    expect(rows.every((row) => row.finished_at !== null)).toBe(true);
  });

  it("apply nothing the second time", async () => {
    expect(await database.current().withConnection((connection) => applyMigrations(connection))).toEqual([]);
  });

  it("roll a failing migration back whole and record nothing", async () => {
    const broken = { name: "99999999999999_broken", sql: 'CREATE TABLE "Half" (id int); SELECT nope;', checksum: "x" };
    await expect(
      database.current().withConnection((connection) => applyMigrations(connection, [...readMigrationFiles(), broken])),
    ).rejects.toThrow(/99999999999999_broken failed/);
    const { rows } = await database.current().sql.query(`SELECT to_regclass('"Half"') AS half`);
    expect(rows[0]).toEqual({ half: null });
  });

  it("match the Prisma schema: a model changed without a migration fails here", async () => {
    expect(await diffMigrationsToSchema()).toBe("");
  });
});
