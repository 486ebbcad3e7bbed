// A conversation LoopDesk opens on WeCom kf is claimed for API handling at once, and stays so while
// LoopDesk's queue or agents handle it (server/channels/wecom/kf-session.ts).
import { claimKfSession } from "../../channels/wecom/kf-session";
import { defineJob } from "../define-job";
import { wecomClaimSessionContract } from "./wecom-claim-session.contract";

export const wecomClaimSessionJob = defineJob({
  ...wecomClaimSessionContract,
  async handler({ conversationId }, { log }) {
    const state = await claimKfSession(conversationId);
    if (state !== null && state !== 1) {
      log.warn({ conversationId, state }, "the kf session is with the WeCom app or queue: API replies will be refused");
    }
  },
});
