import { z } from "zod";
import { defineJobContract } from "../define-job";

/**
 * The safety net behind the hot path: events stored but not processed (a crash after the
 * acknowledgement, a database hiccup) are processed again, oldest first, up to MAX_ATTEMPTS.
 */
export const webhooksSweepInboundContract = defineJobContract({
  id: "webhooks.sweep-inbound",
  schema: z.object({}),
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 300,
  schedule: { cron: "* * * * *", payload: {} },
});
