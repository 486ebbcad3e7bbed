import { db } from "../../db/db";
import type { CallbackAccount } from "../accounts/get-callback-account";

/** The channel row of one kf account (open_kfid) under its corp's WeCom connection, created on first use. */
export async function findOrCreateKfAccount(connection: CallbackAccount, openKfId: string) {
  return db().channelAccount.upsert({
    where: { kind_appId_openKfId: { kind: "WECOM_KF", appId: connection.appId, openKfId } },
    create: {
      kind: "WECOM_KF",
      appId: connection.appId,
      openKfId,
      name: `微信客服 ${openKfId.slice(-6)}`,
      parentId: connection.id,
    },
    update: {},
    select: { id: true, parentId: true },
  });
}
