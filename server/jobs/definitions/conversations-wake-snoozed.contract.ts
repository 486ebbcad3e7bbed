import { z } from "zod";
import { defineJobContract } from "../define-job";

/** A snoozed conversation's timer; a snooze moved or ended early makes it a no-op. */
export const conversationsWakeSnoozedContract = defineJobContract({
  id: "conversations.wake-snoozed",
  schema: z.object({ conversationId: z.string().min(1) }),
  retry: { limit: 5, delaySeconds: 10, backoff: true },
  expireInSeconds: 60,
});
