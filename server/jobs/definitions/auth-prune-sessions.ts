import { db } from "../../db/db";
import { defineJob } from "../define-job";
import { authPruneSessionsContract } from "./auth-prune-sessions.contract";

export const authPruneSessionsJob = defineJob({
  ...authPruneSessionsContract,
  async handler(_payload, { log }) {
    const now = new Date();
    const [sessions, buckets] = await Promise.all([
      db().session.deleteMany({ where: { expiresAt: { lte: now } } }),
      db().rateLimitBucket.deleteMany({ where: { windowEnd: { lte: now } } }),
    ]);
    log.info({ sessions: sessions.count, buckets: buckets.count }, "pruned expired sessions and rate-limit windows");
  },
});
