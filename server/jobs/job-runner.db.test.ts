import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError, z } from "zod";
import { createTestDatabase, setupTestDatabase } from "../testing/test-database";
import type { JobId, JobPayload } from "./contracts";
import { defineJob, type JobDefinition } from "./define-job";
import { type JobRunner, startJobRunner } from "./job-runner";

const database = setupTestDatabase();

const received: string[] = [];
let failures = 0;

const echoJob = defineJob({
  id: "test.echo-message",
  schema: z.object({ text: z.string().min(1) }),
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 30,
  async handler({ text }) {
    received.push(text);
  },
});

const flakyJob = defineJob({
  id: "test.fail-always",
  schema: z.object({}),
  retry: { limit: 2, delaySeconds: 0, backoff: false },
  expireInSeconds: 30,
  async handler() {
    failures += 1;
    throw new Error("carrier API down");
  },
});

let runner: JobRunner;
// The registry's types only know production jobs; these test jobs are enqueued through a cast.
const enqueue = (id: string, payload: unknown) => runner.enqueue(id as JobId, payload as JobPayload<JobId>);

async function eventually(check: () => boolean, timeoutMs = 15_000) {
  const began = Date.now();
  while (!check()) {
    if (Date.now() - began > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  runner = await startJobRunner({
    database: database.current(),
    work: true,
    pollingIntervalSeconds: 0.5,
    definitions: [echoJob, flakyJob] as JobDefinition[],
  });
});
afterAll(() => runner.stop());

describe("background jobs", () => {
  it("a queued job runs once with its validated payload", async () => {
    await enqueue("test.echo-message", { text: "你好" });
    await eventually(() => received.includes("你好"));
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(received.filter((text) => text === "你好")).toHaveLength(1);
  });

  it("a queue holding many jobs drains without a polling pause between them", async () => {
    const texts = Array.from({ length: 20 }, (_, index) => `burst ${index}`);
    for (const text of texts) await enqueue("test.echo-message", { text });
    // One job per polling interval (0.5 s here) would need 10 s for these.
    await eventually(() => texts.every((text) => received.includes(text)), 5_000);
  });

  it("a failing job is retried as its policy says, then left failed", async () => {
    const id = await enqueue("test.fail-always", {});
    const state = async () =>
      (await database.current().sql.query<{ state: string }>(`SELECT state FROM pgboss.job WHERE id = $1`, [id]))
        .rows[0]?.state;
    let finalState: string | undefined;
    const began = Date.now();
    while (finalState !== "failed" && Date.now() - began < 15_000) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      finalState = await state();
    }
    expect(finalState).toBe("failed");
    expect(failures).toBe(3);
  });

  it("refuses a payload that breaks the job's schema, so nothing bad is ever queued", async () => {
    await expect(enqueue("test.echo-message", { text: "" })).rejects.toBeInstanceOf(ZodError);
  });

  it("a job still running when the runner stops and its database closes finishes without an unhandled error", async () => {
    const own = await createTestDatabase();
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started: string[] = [];
    const slowJob = (id: string, outcome: "completes" | "throws") =>
      defineJob({
        id,
        schema: z.object({}),
        retry: { limit: 1, delaySeconds: 0, backoff: false },
        expireInSeconds: 30,
        async handler() {
          started.push(id);
          await gate;
          if (outcome === "throws") throw new Error("carrier API down");
        },
      });
    const stoppable = await startJobRunner({
      database: own,
      work: true,
      pollingIntervalSeconds: 0.5,
      stopTimeoutMs: 1_000,
      definitions: [
        slowJob("test.slow-success", "completes"),
        slowJob("test.slow-failure", "throws"),
      ] as JobDefinition[],
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      await stoppable.enqueue("test.slow-success" as JobId, {} as JobPayload<JobId>);
      await stoppable.enqueue("test.slow-failure" as JobId, {} as JobPayload<JobId>);
      await eventually(() => started.length === 2);
      await stoppable.stop();
      await own.drop();
      // The handlers finish after their database is gone; pg-boss then records their outcomes.
      release();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(unhandled).toEqual([]);
    } finally {
      release();
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
