import { z } from "zod";
import { wakeSnoozedConversations } from "../../conversations/snooze-conversation";
import { drainQueue } from "../../routing/drain-queue";
import { requeueOfflineAgents } from "../../routing/requeue-agent";
import { defineJob } from "../define-job";

/**
 * Every minute, what events should have done already: conversations of agents gone offline back
 * to the queue, overdue snoozes woken, the queue offered to agents with room. Normally a no-op;
 * it repairs what a crash or another instance's restart left behind.
 */
export const routingSweepJob = defineJob({
  id: "routing.sweep",
  schema: z.object({}),
  retry: { limit: 1, delaySeconds: 30, backoff: false },
  expireInSeconds: 120,
  schedule: { cron: "* * * * *", payload: {} },
  async handler(_payload, { log }) {
    const requeued = await requeueOfflineAgents();
    const woken = await wakeSnoozedConversations();
    let assigned = 0;
    for (let pass = 0; pass < 50; pass += 1) {
      const batch = await drainQueue();
      assigned += batch.length;
      if (batch.length === 0) break;
    }
    if (requeued.length + woken.length + assigned > 0) {
      log.info({ requeued: requeued.length, woken: woken.length, assigned }, "routing sweep caught up");
    }
  },
});
