import { z } from "zod";
import { defineJobContract } from "../define-job";

export const wecomClaimSessionContract = defineJobContract({
  id: "wecom.claim-session",
  schema: z.object({ conversationId: z.string().min(1) }),
  retry: { limit: 5, delaySeconds: 5, backoff: true },
  expireInSeconds: 60,
});
