// ref: https://developer.work.weixin.qq.com/document/path/94669 (kf/service_state/get, trans)
// A WeCom kf session's service state decides who may answer the customer: API replies only while it
// is new (0) or with the smart assistant (1) (docs/wechat-protocols.md §2.5).
import { z } from "zod";
import { db } from "../../db/db";
import { getChannelConnection } from "../accounts/get-callback-account";
import type { PlatformClient } from "../platform-client";
import { createWecomClient } from "./wecom-client";

const serviceStateSchema = z.object({
  service_state: z.number().int(),
  servicer_userid: z.string().optional(),
});
const transResultSchema = z.object({ msg_code: z.string().optional() }).loose();

/** WeCom's states: new, smart assistant (API), waiting in WeCom's queue, with a servicer, ended. */
const API_STATE = 1;
const ENDED_STATE = 4;

type KfSession = { client: PlatformClient; session: { open_kfid: string; external_userid: string } };

/** The WeCom kf session behind a conversation (kf account and customer), or null on other channels. */
async function findKfSession(conversationId: string): Promise<KfSession | null> {
  const conversation = await db().conversation.findUnique({
    where: { id: conversationId },
    select: { channelAccountId: true, customerId: true },
  });
  if (!conversation) return null;
  const { connection, kind, openKfId } = await getChannelConnection(conversation.channelAccountId);
  if (kind !== "WECOM_KF") return null;
  const identity = await db().customerIdentity.findFirstOrThrow({
    where: { customerId: conversation.customerId, channelAccountId: conversation.channelAccountId },
    select: { externalId: true },
  });
  return {
    client: createWecomClient({ corpId: connection.appId, secret: connection.secret }),
    session: { open_kfid: openKfId, external_userid: identity.externalId },
  };
}

async function readState(kf: KfSession): Promise<number> {
  const { service_state: state } = await kf.client.post(
    "/cgi-bin/kf/service_state/get",
    kf.session,
    serviceStateSchema,
  );
  return state;
}

async function recordState(conversationId: string, state: number): Promise<void> {
  await db().conversation.update({ where: { id: conversationId }, data: { wecomServiceState: state } });
}

/**
 * Claims a new kf session for API handling (0 → 1), so that WeCom's own routing cannot hand it to a
 * servicer in the WeCom app, where LoopDesk's replies would fail with 95018. Returns the state the
 * session is in now; null for a conversation on another channel.
 */
export async function claimKfSession(conversationId: string): Promise<number | null> {
  const kf = await findKfSession(conversationId);
  if (!kf) return null;
  let state = await readState(kf);
  if (state === 0) {
    await kf.client.post(
      "/cgi-bin/kf/service_state/trans",
      { ...kf.session, service_state: API_STATE },
      transResultSchema,
    );
    state = API_STATE;
  }
  await recordState(conversationId, state);
  return state;
}

/**
 * Ends a kf session (→ 4). The transition hands out a msg_code good for one message within 20 s,
 * outside the reply quota: returned for the closing message. "already-ended" when it was, null
 * on another channel.
 */
export async function endKfSession(conversationId: string): Promise<{ msgCode?: string } | "already-ended" | null> {
  const kf = await findKfSession(conversationId);
  if (!kf) return null;
  if ((await readState(kf)) === ENDED_STATE) {
    await recordState(conversationId, ENDED_STATE);
    return "already-ended";
  }
  const { msg_code: msgCode } = await kf.client.post(
    "/cgi-bin/kf/service_state/trans",
    { ...kf.session, service_state: ENDED_STATE },
    transResultSchema,
  );
  await recordState(conversationId, ENDED_STATE);
  return { msgCode };
}
