// ref: https://developer.work.weixin.qq.com/document/path/94669 (kf/service_state/get, trans)
// WeCom accepts API replies only while a session is new (0) or with the "smart assistant" (1). Left
// at 0, WeCom's own routing may hand it to a servicer in the WeCom app (3), and LoopDesk's replies
// would fail with 95018. So a conversation LoopDesk opens is claimed for API handling at once, and
// it stays at 1 while LoopDesk's bot, queue or agents handle it (see README, "WeCom service state").
import { z } from "zod";
import { findKfSession, serviceStateSchema, transResultSchema } from "../../channels/wecom/kf-session";
import { db } from "../../db/db";
import { defineJob } from "../define-job";

export const wecomClaimSessionJob = defineJob({
  id: "wecom.claim-session",
  schema: z.object({ conversationId: z.string().min(1) }),
  retry: { limit: 5, delaySeconds: 5, backoff: true },
  expireInSeconds: 60,
  async handler({ conversationId }, { log }) {
    const kf = await findKfSession(conversationId);
    if (!kf) return;
    const { service_state: state } = await kf.client.post(
      "/cgi-bin/kf/service_state/get",
      kf.session,
      serviceStateSchema,
    );
    let next = state;
    if (state === 0) {
      await kf.client.post("/cgi-bin/kf/service_state/trans", { ...kf.session, service_state: 1 }, transResultSchema);
      next = 1;
    } else if (state !== 1) {
      log.warn({ conversationId, state }, "the kf session is with the WeCom app or queue: API replies will be refused");
    }
    await db().conversation.update({ where: { id: conversationId }, data: { wecomServiceState: next } });
  },
});
