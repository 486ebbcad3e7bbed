import { z } from "zod";
import { defineJobContract } from "../define-job";

/** Every minute: coupons and reshipments never carried out are queued again. */
export const remediesSweepContract = defineJobContract({
  id: "remedies.sweep",
  schema: z.object({}),
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 120,
  schedule: { cron: "* * * * *", payload: {} },
});
