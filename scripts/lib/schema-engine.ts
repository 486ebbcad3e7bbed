// Prisma's schema engine as WebAssembly, driven through a driver adapter: `prisma migrate diff/dev`
// without the native binary the Prisma CLI would download (impossible offline, and often in China).
// Used only to author migrations and to check for drift; start-up applies them with server/db/migrate.ts.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaContainer, SchemaEngine } from "@prisma/schema-engine-wasm";
import { PrismaPGlite } from "pglite-prisma-adapter";

const require = createRequire(import.meta.url);
const NO_FILTERS = { externalTables: [], externalEnums: [] };

export const PRISMA_DIR = path.resolve("prisma");
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, "migrations");

type Glue = typeof import("@prisma/schema-engine-wasm/schema_engine_bg") & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
};

async function loadSchemaEngineClass(): Promise<typeof SchemaEngine> {
  // The package imports its .wasm as an ES module, which Node cannot do: instantiate it by hand.
  const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as Glue;
  const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  const module = new WebAssembly.Module(fs.readFileSync(path.join(dir, "schema_engine_bg.wasm")));
  const instance = new WebAssembly.Instance(module, {
    "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue.SchemaEngine;
}

export function readSchemaFiles(): SchemaContainer[] {
  const files = [path.join(PRISMA_DIR, "schema.prisma")];
  const modelsDir = path.join(PRISMA_DIR, "models");
  for (const name of fs.readdirSync(modelsDir).sort()) {
    if (name.endsWith(".prisma")) files.push(path.join(modelsDir, name));
  }
  return files.map((file) => ({ path: file, content: fs.readFileSync(file, "utf8") }));
}

export function readMigrationsList(): MigrationList {
  fs.mkdirSync(MIGRATIONS_DIR, { recursive: true });
  const lock = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  const dirs = fs
    .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: {
      path: "migration_lock.toml",
      content: fs.existsSync(lock) ? fs.readFileSync(lock, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((dir) => ({
      path: dir,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: fs.readFileSync(path.join(MIGRATIONS_DIR, dir, "migration.sql"), "utf8") },
      },
    })),
  } as MigrationList;
}

/** Opens the engine on a throw-away in-memory PGlite (its shadow database is in memory too). */
export async function openSchemaEngine(): Promise<{ engine: SchemaEngine; close(): Promise<void> }> {
  const Engine = await loadSchemaEngineClass();
  const pglite = new PGlite();
  const factory: SqlMigrationAwareDriverAdapterFactory = new PrismaPGlite(pglite);
  const datamodels = readSchemaFiles().map((f): [string, string] => [f.path, f.content]);
  const engine = await Engine.new({ datamodels }, () => {}, bindMigrationAwareSqlAdapterFactory(factory));
  return {
    engine,
    close: async () => {
      engine.free();
      await pglite.close();
    },
  };
}

/** SQL that takes the migrations folder to the current schema; empty when they agree. */
export async function diffMigrationsToSchema(): Promise<string> {
  const { engine, close } = await openSchemaEngine();
  try {
    const result = await engine.diff({
      from: { tag: "migrations", ...readMigrationsList() },
      to: { tag: "schemaDatamodel", files: readSchemaFiles() },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    return result.exitCode === 2 ? (result.stdout ?? "") : "";
  } finally {
    await close();
  }
}
