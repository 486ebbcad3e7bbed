import { z } from "zod";
import { defineJobContract } from "../define-job";

/** Every five minutes: recommendations credited with the orders paid after them. */
export const recommendationsAttributeContract = defineJobContract({
  id: "recommendations.attribute",
  schema: z.object({}),
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 240,
  schedule: { cron: "*/5 * * * *", payload: {} },
});
