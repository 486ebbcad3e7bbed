import { z } from "zod";
import { db } from "../../db/db";
import { processInboundEvent } from "../../webhooks/process-inbound-event";
import { defineJob } from "../define-job";

const MAX_ATTEMPTS = 10;
/** Events younger than this are still being processed by the process that acknowledged them. */
const GRACE_MS = 30_000;

/**
 * The safety net behind the hot path: webhooks stored but not processed (a crash after the
 * acknowledgement, a database hiccup) are processed again, oldest first, up to MAX_ATTEMPTS.
 */
export const webhooksSweepInboundJob = defineJob({
  id: "webhooks.sweep-inbound",
  schema: z.object({}),
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 300,
  schedule: { cron: "* * * * *", payload: {} },
  async handler(_payload, { log }) {
    const stale = await db().inboundEvent.findMany({
      where: { processedAt: null, attempts: { lt: MAX_ATTEMPTS }, receivedAt: { lt: new Date(Date.now() - GRACE_MS) } },
      orderBy: { receivedAt: "asc" },
      take: 200,
      select: { id: true },
    });
    for (const event of stale) await processInboundEvent(event.id);
    if (stale.length > 0) log.info({ events: stale.length }, "re-processed inbound events");
  },
});
