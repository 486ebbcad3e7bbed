// npm run db:migration -- <name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the existing
// migrations to the current schema (what `prisma migrate dev --create-only` does, without its binary).
import fs from "node:fs";
import path from "node:path";
import { diffMigrationsToSchema, MIGRATIONS_DIR } from "./lib/schema-engine";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <snake_case_name>");
  process.exit(2);
}

const lock = path.join(MIGRATIONS_DIR, "migration_lock.toml");
if (!fs.existsSync(lock)) {
  fs.mkdirSync(MIGRATIONS_DIR, { recursive: true });
  fs.writeFileSync(lock, 'provider = "postgresql"\n');
}
const sql = await diffMigrationsToSchema();
if (!sql.trim()) {
  console.log("The schema and the migrations agree: nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
