// A resolved kf conversation ends its WeCom session; the agent's closing message, if any, goes out on
// that event (server/conversations/send-closing-message.ts). A retry skips a session already ended.
import { endKfSession } from "../../channels/wecom/kf-session";
import { sendClosingMessage } from "../../conversations/send-closing-message";
import { defineJob } from "../define-job";
import { wecomEndSessionContract } from "./wecom-end-session.contract";

export const wecomEndSessionJob = defineJob({
  ...wecomEndSessionContract,
  async handler({ conversationId, closingMessage, senderUserId }) {
    const ended = await endKfSession(conversationId);
    if (!closingMessage || ended === null || ended === "already-ended") return;
    await sendClosingMessage({ conversationId, text: closingMessage, senderUserId, eventCode: ended.msgCode });
  },
});
