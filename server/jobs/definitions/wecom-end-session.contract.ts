import { z } from "zod";
import { defineJobContract } from "../define-job";

export const wecomEndSessionContract = defineJobContract({
  id: "wecom.end-session",
  schema: z.object({
    conversationId: z.string().min(1),
    closingMessage: z.string().optional(),
    senderUserId: z.string().optional(),
  }),
  retry: { limit: 2, delaySeconds: 2, backoff: false },
  expireInSeconds: 60,
});
