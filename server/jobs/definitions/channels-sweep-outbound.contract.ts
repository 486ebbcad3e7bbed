import { z } from "zod";
import { defineJobContract } from "../define-job";

/** Retries outbound messages left PENDING (network trouble, platform busy, a crash after commit). */
export const channelsSweepOutboundContract = defineJobContract({
  id: "channels.sweep-outbound",
  schema: z.object({}),
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 300,
  schedule: { cron: "* * * * *", payload: {} },
});
