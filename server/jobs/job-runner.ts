// pg-boss behind one small API: enqueue(id, payload). Jobs are for follow-up work and retries; the
// hot path (webhook → store → emit) never waits for a poll.
import PgBoss from "pg-boss";
import type { Database } from "../db/open-database";
import { createLogger } from "../logger";
import type { JobId, JobPayload } from "./contracts";
import type { JobDefinition } from "./define-job";
import { jobDefinitions } from "./registry";

const log = createLogger("jobs");

export type EnqueueOptions = {
  /** At most one queued job with this key (per job id) at a time. */
  singletonKey?: string;
  startAfterSeconds?: number;
};

export type JobRunner = {
  enqueue<Id extends JobId>(id: Id, payload: JobPayload<Id>, options?: EnqueueOptions): Promise<string | null>;
  stop(): Promise<void>;
};

export type StartJobRunnerOptions = {
  database: Database;
  /** Run handlers in this process (roles "all" and "worker"). */
  work: boolean;
  pollingIntervalSeconds?: number;
  definitions?: readonly JobDefinition[];
  /** How long stop() waits for running handlers before failing their jobs (retried later). */
  stopTimeoutMs?: number;
};

export async function startJobRunner(options: StartJobRunnerOptions): Promise<JobRunner> {
  const definitions = options.definitions ?? (jobDefinitions as readonly JobDefinition[]);
  const byId = new Map(definitions.map((definition) => [definition.id, definition]));
  const boss = new PgBoss({
    db: options.database.jobStore as PgBoss.Db,
    schema: "pgboss",
    supervise: options.work,
    schedule: options.work,
  });
  boss.on("error", (error) => log.error({ err: error }, "pg-boss error"));
  await boss.start();

  for (const definition of definitions) {
    await boss.createQueue(definition.id, {
      name: definition.id,
      retryLimit: definition.retry.limit,
      retryDelay: definition.retry.delaySeconds,
      retryBackoff: definition.retry.backoff,
      expireInSeconds: definition.expireInSeconds,
    });
    if (!options.work) continue;
    // pg-boss waits a polling interval after every fetch, jobs found or not: a queue with work in it
    // would drain one job per interval. A worker that just ran a job is told to fetch again at once.
    let workerId: string | undefined;
    workerId = await boss.work<unknown>(
      definition.id,
      { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: 1 },
      async (jobs) => {
        try {
          for (const job of jobs) {
            const jobLog = log.child({ job: definition.id, jobId: job.id });
            const payload = definition.schema.safeParse(job.data);
            if (!payload.success) {
              // A malformed payload will not improve with retries: fail it once, loudly.
              jobLog.error({ issues: payload.error.issues }, "job payload does not match its schema");
              throw new Error(`invalid payload for ${definition.id}`);
            }
            await definition.handler(payload.data, { jobId: job.id, log: jobLog });
          }
        } finally {
          if (workerId) boss.notifyWorker(workerId);
        }
      },
    );
    if (definition.schedule) {
      await boss.schedule(definition.id, definition.schedule.cron, definition.schedule.payload as object);
    }
  }

  return {
    async enqueue(id, payload, enqueueOptions = {}) {
      const definition = byId.get(id);
      if (!definition) throw new Error(`unknown job ${id}`);
      const data = definition.schema.parse(payload) as object;
      return boss.send(id, data, {
        singletonKey: enqueueOptions.singletonKey,
        startAfter: enqueueOptions.startAfterSeconds,
      });
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: options.stopTimeoutMs ?? 5_000, close: false });
    },
  };
}
