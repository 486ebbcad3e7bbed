// ref: https://developer.work.weixin.qq.com/document/path/94669 (kf/service_state/get, trans)
// WeCom accepts API replies only while a session is new (0) or with the "smart assistant" (1). Left
// at 0, WeCom's own routing may hand it to a servicer in the WeCom app (3), and LoopDesk's replies
// would fail with 95018. So a conversation LoopDesk opens is claimed for API handling at once.
import { z } from "zod";
import { getChannelConnection } from "../../channels/accounts/get-callback-account";
import { createWecomClient } from "../../channels/wecom/wecom-client";
import { db } from "../../db/db";
import { defineJob } from "../define-job";

const stateSchema = z.object({ service_state: z.number().int(), servicer_userid: z.string().optional() });

export const wecomClaimSessionJob = defineJob({
  id: "wecom.claim-session",
  schema: z.object({ conversationId: z.string().min(1) }),
  retry: { limit: 5, delaySeconds: 5, backoff: true },
  expireInSeconds: 60,
  async handler({ conversationId }, { log }) {
    const conversation = await db().conversation.findUnique({
      where: { id: conversationId },
      select: { channelAccountId: true, customerId: true, wecomServiceState: true },
    });
    if (!conversation) return;
    const { connection, kind, openKfId } = await getChannelConnection(conversation.channelAccountId);
    if (kind !== "WECOM_KF") return;
    const identity = await db().customerIdentity.findFirstOrThrow({
      where: { customerId: conversation.customerId, channelAccountId: conversation.channelAccountId },
      select: { externalId: true },
    });
    const client = createWecomClient({ corpId: connection.appId, secret: connection.secret });
    const session = { open_kfid: openKfId, external_userid: identity.externalId };
    const { service_state: state } = await client.post("/cgi-bin/kf/service_state/get", session, stateSchema);
    let next = state;
    if (state === 0) {
      await client.post("/cgi-bin/kf/service_state/trans", { ...session, service_state: 1 }, z.object({}).loose());
      next = 1;
    } else if (state !== 1) {
      log.warn({ conversationId, state }, "the kf session is with the WeCom app or queue: API replies will be refused");
    }
    await db().conversation.update({ where: { id: conversationId }, data: { wecomServiceState: next } });
  },
});
