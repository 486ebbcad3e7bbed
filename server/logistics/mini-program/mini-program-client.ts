// The connected mini program's API client: shipping info and the logistics assistant act for it.
import { getChannelConnection } from "../../channels/accounts/get-callback-account";
import { createWechatClient } from "../../channels/official-account/wechat-client";
import { db } from "../../db/db";

/** The first enabled mini program's client and AppID, or null when none is connected. */
export async function miniProgramClient() {
  const channel = await db().channelAccount.findFirst({
    where: { kind: "MINI_PROGRAM", enabled: true },
    orderBy: { createdAt: "asc" },
    select: { id: true },
  });
  if (!channel) return null;
  const { connection } = await getChannelConnection(channel.id);
  return {
    appId: connection.appId,
    client: createWechatClient({ appId: connection.appId, secret: connection.secret }),
  };
}
