import type { z } from "zod";
import type { Logger } from "../logger";

export type JobRetryPolicy = {
  /** Attempts after the first one. */
  limit: number;
  delaySeconds: number;
  backoff: boolean;
};

export type JobContext = { jobId: string; log: Logger };

/** A job as those who enqueue it know it: its id, payload and how it is run, without its handler. */
export type JobContract<Id extends string = string, Schema extends z.ZodType = z.ZodType> = {
  /** `<domain>.<verb>-<noun>` */
  id: Id;
  schema: Schema;
  retry: JobRetryPolicy;
  /** A job running longer than this is failed (and retried). */
  expireInSeconds: number;
  /** Cron schedule (UTC) for periodic jobs, with the payload each run gets. */
  schedule?: { cron: string; payload: z.input<Schema> };
};

export type JobDefinition<Id extends string = string, Schema extends z.ZodType = z.ZodType> = JobContract<
  Id,
  Schema
> & {
  /** Must be idempotent: jobs are delivered at least once. */
  handler(payload: z.output<Schema>, context: JobContext): Promise<void>;
};

export function defineJobContract<const Id extends string, Schema extends z.ZodType>(
  contract: JobContract<Id, Schema>,
): JobContract<Id, Schema> {
  return contract;
}

export function defineJob<const Id extends string, Schema extends z.ZodType>(
  definition: JobDefinition<Id, Schema>,
): JobDefinition<Id, Schema> {
  return definition;
}
