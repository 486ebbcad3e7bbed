import { z } from "zod";
import { defineJobContract } from "../define-job";

/** Every minute: the anomaly scan passes when its last pass is older than ANOMALY_SCAN_INTERVAL_SECONDS. */
export const anomaliesScanContract = defineJobContract({
  id: "anomalies.scan",
  schema: z.object({}),
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 300,
  schedule: { cron: "* * * * *", payload: {} },
});
