// The process-wide database handle. Next.js route handlers and the custom server are separate module
// graphs in one process, so the handle lives on globalThis rather than in a module variable.
import type { PrismaClient } from "../generated/prisma/client";
import type { Database } from "./open-database";

const KEY = Symbol.for("loopdesk.database");
type Holder = { [KEY]?: Database };

export function setDatabase(database: Database | undefined): void {
  (globalThis as Holder)[KEY] = database;
}

export function getDatabase(): Database {
  const database = (globalThis as Holder)[KEY];
  if (!database) throw new Error("The database is not open: start LoopDesk through server/main.ts");
  return database;
}

/** The Prisma client of the open database. */
export function db(): PrismaClient {
  return getDatabase().prisma;
}
