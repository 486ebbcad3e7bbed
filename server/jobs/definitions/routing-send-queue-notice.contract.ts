import { z } from "zod";
import { defineJobContract } from "../define-job";

export const routingSendQueueNoticeContract = defineJobContract({
  id: "routing.send-queue-notice",
  schema: z.object({ conversationId: z.string().min(1), queuedAt: z.iso.datetime() }),
  retry: { limit: 3, delaySeconds: 2, backoff: true },
  expireInSeconds: 60,
});
