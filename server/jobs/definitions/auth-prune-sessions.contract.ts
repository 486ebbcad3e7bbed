import { z } from "zod";
import { defineJobContract } from "../define-job";

/** Deletes expired sessions and spent rate-limit windows, so both tables stay small. */
export const authPruneSessionsContract = defineJobContract({
  id: "auth.prune-sessions",
  schema: z.object({}),
  retry: { limit: 3, delaySeconds: 60, backoff: true },
  expireInSeconds: 300,
  schedule: { cron: "17 * * * *", payload: {} },
});
