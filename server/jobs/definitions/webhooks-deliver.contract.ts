import { z } from "zod";
import { defineJobContract } from "../define-job";

/** Every minute: outbound webhook deliveries due (retries in backoff, what a crash left) are sent. */
export const webhooksDeliverContract = defineJobContract({
  id: "webhooks.deliver",
  schema: z.object({}),
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 300,
  schedule: { cron: "* * * * *", payload: {} },
});
