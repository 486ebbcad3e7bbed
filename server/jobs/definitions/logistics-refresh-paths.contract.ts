import { z } from "zod";
import { defineJobContract } from "../define-job";

/** Every 30 minutes: quiet logistics-assistant parcels are asked about (path/get). */
export const logisticsRefreshPathsContract = defineJobContract({
  id: "logistics.refresh-paths",
  schema: z.object({}),
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 600,
  schedule: { cron: "*/30 * * * *", payload: {} },
});
