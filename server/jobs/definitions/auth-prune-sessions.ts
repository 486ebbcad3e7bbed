import { z } from "zod";
import { db } from "../../db/db";
import { defineJob } from "../define-job";

/** Deletes expired sessions and spent rate-limit windows, so both tables stay small. */
export const authPruneSessionsJob = defineJob({
  id: "auth.prune-sessions",
  schema: z.object({}),
  retry: { limit: 3, delaySeconds: 60, backoff: true },
  expireInSeconds: 300,
  schedule: { cron: "17 * * * *", payload: {} },
  async handler(_payload, { log }) {
    const now = new Date();
    const [sessions, buckets] = await Promise.all([
      db().session.deleteMany({ where: { expiresAt: { lte: now } } }),
      db().rateLimitBucket.deleteMany({ where: { windowEnd: { lte: now } } }),
    ]);
    log.info({ sessions: sessions.count, buckets: buckets.count }, "pruned expired sessions and rate-limit windows");
  },
});
