import { z } from "zod";
import { sendQueueNotice } from "../../routing/queue-notice";
import { defineJob } from "../define-job";

export const routingSendQueueNoticeJob = defineJob({
  id: "routing.send-queue-notice",
  schema: z.object({ conversationId: z.string().min(1), queuedAt: z.iso.datetime() }),
  retry: { limit: 3, delaySeconds: 2, backoff: true },
  expireInSeconds: 60,
  async handler({ conversationId, queuedAt }, { log }) {
    const outcome = await sendQueueNotice(conversationId, new Date(queuedAt));
    if (outcome === "no-reply-to-spare")
      log.info({ conversationId }, "queue notice skipped: the window has no reply to spare");
  },
});
