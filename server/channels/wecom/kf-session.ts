import { z } from "zod";
import { db } from "../../db/db";
import { getChannelConnection } from "../accounts/get-callback-account";
import type { PlatformClient } from "../platform-client";
import { createWecomClient } from "./wecom-client";

export const serviceStateSchema = z.object({
  service_state: z.number().int(),
  servicer_userid: z.string().optional(),
});
export const transResultSchema = z.object({ msg_code: z.string().optional() }).loose();

export type KfSession = { client: PlatformClient; session: { open_kfid: string; external_userid: string } };

/** The WeCom kf session behind a conversation (kf account and customer), or null on other channels. */
export async function findKfSession(conversationId: string): Promise<KfSession | null> {
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
