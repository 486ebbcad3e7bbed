import { secretBox } from "../../crypto/secret-box";
import { db } from "../../db/db";
import type { Config } from "../../env";
import type { ChannelKind } from "../../generated/prisma/enums";
import { createLogger } from "../../logger";
import { forgetCallbackAccounts } from "./get-callback-account";

const log = createLogger("channels");

type DeclaredAccount = {
  kind: ChannelKind;
  name: string;
  appId: string;
  secret: string;
  token: string;
  aesKey?: string;
};

/** The accounts declared in the environment, upserted at start-up with their secrets sealed. */
export async function syncEnvAccounts(channels: Config["channels"]): Promise<void> {
  const declared: DeclaredAccount[] = [];
  if (channels.wecom) {
    const { corpId, ...secrets } = channels.wecom;
    declared.push({ kind: "WECOM_KF", name: "企业微信客服", appId: corpId, ...secrets });
  }
  if (channels.officialAccount) {
    const { appId, ...secrets } = channels.officialAccount;
    declared.push({ kind: "OFFICIAL_ACCOUNT", name: "公众号", appId, ...secrets });
  }
  if (channels.miniProgram) {
    const { appId, ...secrets } = channels.miniProgram;
    declared.push({ kind: "MINI_PROGRAM", name: "小程序", appId, ...secrets });
  }
  const box = secretBox();
  for (const account of declared) {
    const sealed = {
      secretEnc: box.seal(account.secret),
      tokenEnc: box.seal(account.token),
      aesKeyEnc: account.aesKey ? box.seal(account.aesKey) : null,
      enabled: true,
      fromEnv: true,
    };
    await db().channelAccount.upsert({
      where: { kind_appId_openKfId: { kind: account.kind, appId: account.appId, openKfId: "" } },
      create: { kind: account.kind, name: account.name, appId: account.appId, ...sealed },
      update: sealed,
    });
  }
  forgetCallbackAccounts();
  if (declared.length > 0)
    log.info({ accounts: declared.map((a) => `${a.kind}:${a.appId}`) }, "channel accounts from the environment");
}
