import { z } from "zod";
import { defineJobContract } from "../define-job";

/**
 * Every minute, what events should have done already: conversations of agents gone offline back
 * to the queue, overdue snoozes woken, customers the bot left unanswered handed over, the queue
 * offered to agents with room. Normally a no-op;
 * it repairs what a crash or another instance's restart left behind.
 */
export const routingSweepContract = defineJobContract({
  id: "routing.sweep",
  schema: z.object({}),
  retry: { limit: 1, delaySeconds: 30, backoff: false },
  expireInSeconds: 120,
  schedule: { cron: "* * * * *", payload: {} },
});
