import { handOverStaleBotConversations } from "../../ai/bot/stale-bot-conversations";
import { drainQueue } from "../../routing/drain-queue";
import { requeueOfflineAgents } from "../../routing/requeue-agent";
import { wakeSnoozedConversations } from "../../routing/snooze-conversation";
import { defineJob } from "../define-job";
import { routingSweepContract } from "./routing-sweep.contract";

export const routingSweepJob = defineJob({
  ...routingSweepContract,
  async handler(_payload, { log }) {
    const requeued = await requeueOfflineAgents();
    const woken = await wakeSnoozedConversations();
    const unanswered = await handOverStaleBotConversations();
    let assigned = 0;
    for (let pass = 0; pass < 50; pass += 1) {
      const batch = await drainQueue();
      assigned += batch.length;
      if (batch.length === 0) break;
    }
    if (requeued.length + woken.length + unanswered.length + assigned > 0) {
      log.info(
        { requeued: requeued.length, woken: woken.length, botHandovers: unanswered.length, assigned },
        "routing sweep caught up",
      );
    }
  },
});
