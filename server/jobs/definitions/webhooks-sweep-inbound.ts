import { findStaleInboundEvents, processInboundEvent } from "../../inbound/process-inbound-event";
import { inboundProcessors } from "../../inbound/sources";
import { defineJob } from "../define-job";
import { webhooksSweepInboundContract } from "./webhooks-sweep-inbound.contract";

const MAX_ATTEMPTS = 10;
/** Events younger than this are still being processed by the process that acknowledged them. */
const GRACE_MS = 30_000;

export const webhooksSweepInboundJob = defineJob({
  ...webhooksSweepInboundContract,
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
