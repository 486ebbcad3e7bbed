import { sendQueueNotice } from "../../routing/queue-notice";
import { defineJob } from "../define-job";
import { routingSendQueueNoticeContract } from "./routing-send-queue-notice.contract";

export const routingSendQueueNoticeJob = defineJob({
  ...routingSendQueueNoticeContract,
  async handler({ conversationId, queuedAt }, { log }) {
    const outcome = await sendQueueNotice(conversationId, new Date(queuedAt));
    if (outcome === "no-reply-to-spare")
      log.info({ conversationId }, "queue notice skipped: the window has no reply to spare");
  },
});
