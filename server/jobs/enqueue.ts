import type { JobId, JobPayload } from "./contracts";
import type { EnqueueOptions, JobRunner } from "./job-runner";

const KEY = Symbol.for("loopdesk.jobs");
type Holder = { [KEY]?: JobRunner };

export function setJobRunner(runner: JobRunner | undefined): void {
  (globalThis as Holder)[KEY] = runner;
}

/** Queues a job for a worker; the payload is checked against the job's schema. */
export function enqueue<Id extends JobId>(id: Id, payload: JobPayload<Id>, options?: EnqueueOptions) {
  const runner = (globalThis as Holder)[KEY];
  if (!runner) throw new Error("The job runner is not started: start LoopDesk through server/main.ts");
  return runner.enqueue(id, payload, options);
}
