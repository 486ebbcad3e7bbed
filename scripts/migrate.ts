// npm run db:migrate: applies the pending migrations to the configured database (DATABASE_URL, or
// PGlite in LOOPDESK_DATA_DIR) and exits, for a deploy that migrates before it starts the servers.
// The server applies them at start-up too.
import { configuredDatabase, openDatabase } from "../server/db/open-database";
import { ConfigError, getConfig } from "../server/env";

try {
  const database = await openDatabase(configuredDatabase(getConfig()));
  await database.close();
} catch (error) {
  // A configuration mistake is the operator's to fix: its message, not a stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
