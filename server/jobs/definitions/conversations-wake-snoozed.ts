import { wakeSnoozedConversations } from "../../routing/snooze-conversation";
import { defineJob } from "../define-job";
import { conversationsWakeSnoozedContract } from "./conversations-wake-snoozed.contract";

export const conversationsWakeSnoozedJob = defineJob({
  ...conversationsWakeSnoozedContract,
  async handler({ conversationId }) {
    await wakeSnoozedConversations(conversationId);
  },
});
