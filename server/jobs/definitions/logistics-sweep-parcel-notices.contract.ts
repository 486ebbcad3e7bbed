import { z } from "zod";
import { defineJobContract } from "../define-job";

/** Every minute: parcel notices never sent are queued again (dropped after a day). */
export const logisticsSweepParcelNoticesContract = defineJobContract({
  id: "logistics.sweep-parcel-notices",
  schema: z.object({}),
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 120,
  schedule: { cron: "* * * * *", payload: {} },
});
