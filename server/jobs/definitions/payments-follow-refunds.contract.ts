import { z } from "zod";
import { defineJobContract } from "../define-job";

/** Every minute: refunds never submitted are submitted, refunds still open at WeChat Pay are queried. */
export const paymentsFollowRefundsContract = defineJobContract({
  id: "payments.follow-refunds",
  schema: z.object({}),
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 300,
  schedule: { cron: "* * * * *", payload: {} },
});
