import { z } from "zod";
import { findStaleInboundEvents, processInboundEvent } from "../../inbound/process-inbound-event";
import { inboundProcessors } from "../../inbound/sources";
import { defineJob } from "../define-job";

const MAX_ATTEMPTS = 10;
/** Events younger than this are still being processed by the process that acknowledged them. */
const GRACE_MS = 30_000;

/**
 * The safety net behind the hot path: events stored but not processed (a crash after the
 * acknowledgement, a database hiccup) are processed again, oldest first, up to MAX_ATTEMPTS.
 */
export const webhooksSweepInboundJob = defineJob({
  id: "webhooks.sweep-inbound",
  schema: z.object({}),
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 300,
  schedule: { cron: "* * * * *", payload: {} },
  async handler(_payload, { log }) {
    const stale = await findStaleInboundEvents({
      olderThan: new Date(Date.now() - GRACE_MS),
      maxAttempts: MAX_ATTEMPTS,
      limit: 200,
    });
    for (const event of stale) await processInboundEvent(event, inboundProcessors[event.source]);
    if (stale.length > 0) log.info({ events: stale.length }, "re-processed inbound events");
  },
});
