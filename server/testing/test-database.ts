// A fresh, migrated database for one test file: a new database in the DATABASE_URL cluster when it
// is set (CI runs against the machine's PostgreSQL), an in-memory PGlite otherwise.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { createSecretBox, setSecretBox } from "../crypto/secret-box";
import { setDatabase } from "../db/db";
import { type Database, openDatabase } from "../db/open-database";
import { getConfig } from "../env";
import { settleBackgroundWork } from "../jobs/background-work";
import { setJobRunner } from "../jobs/enqueue";
import { type JobRunner, startJobRunner } from "../jobs/job-runner";
import { setLogLevel } from "../logger";

async function withAdminClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export type TestDatabase = Database & { url?: string; drop(): Promise<void> };

export async function createTestDatabase(): Promise<TestDatabase> {
  const baseUrl = getConfig().databaseUrl;
  if (!baseUrl) {
    const database = await openDatabase({ kind: "pglite", dataDir: "memory://" });
    return { ...database, drop: () => database.close() };
  }
  const name = `loopdesk_test_${randomBytes(6).toString("hex")}`;
  await withAdminClient(baseUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: "postgres", url: url.toString(), poolSize: 5 });
  return {
    ...database,
    url: url.toString(),
    drop: async () => {
      await database.close();
      await withAdminClient(baseUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/**
 * Opens a fresh database before the file's tests and installs it as the process database. With
 * `jobs`, a real pg-boss runner works the production job definitions too (polling every 0.5 s).
 */
export function setupTestDatabase(options: { jobs?: boolean } = {}): { current(): TestDatabase } {
  let database: TestDatabase | undefined;
  let jobs: JobRunner | undefined;
  beforeAll(async () => {
    setLogLevel(getConfig().logLevel);
    setSecretBox(createSecretBox(randomBytes(32)));
    database = await createTestDatabase();
    setDatabase(database);
    if (options.jobs) {
      jobs = await startJobRunner({ database, work: true, pollingIntervalSeconds: 0.5 });
      setJobRunner(jobs);
    }
  });
  afterAll(async () => {
    await settleBackgroundWork(10_000);
    await jobs?.stop();
    setJobRunner(undefined);
    setDatabase(undefined);
    await database?.drop();
  });
  return {
    current() {
      if (!database) throw new Error("test database not open yet");
      return database;
    },
  };
}
