import type { ChannelAccount } from "../../generated/prisma/client";
import type { ChannelKind } from "../../generated/prisma/enums";
import { channelAdapters } from "../registry";

const WEBHOOK_SLUG: Record<ChannelKind, string> = {
  WECOM_KF: "wecom",
  OFFICIAL_ACCOUNT: "official-account",
  MINI_PROGRAM: "mini-program",
};

/** Whether customers write to this account: a WeCom corp connection's conversations are on its kf accounts. */
export function carriesConversations(account: Pick<ChannelAccount, "kind" | "openKfId">): boolean {
  return account.kind !== "WECOM_KF" || account.openKfId !== "";
}

/** A channel as the console may see it: never a secret, only whether each one is set. */
export function toChannelAccountDto(account: ChannelAccount) {
  const isConnection = account.openKfId === "";
  return {
    id: account.id,
    kind: account.kind,
    name: account.name,
    appId: account.appId,
    openKfId: account.openKfId || null,
    parentId: account.parentId,
    fromEnv: account.fromEnv,
    enabled: account.enabled,
    teamId: account.teamId,
    queueNotice: account.queueNotice,
    startsWithBot: account.startsWithBot,
    hasConversations: carriesConversations(account),
    hasSecret: account.secretEnc !== null,
    hasToken: account.tokenEnc !== null,
    hasAesKey: account.aesKeyEnc !== null,
    /** Whether template / subscription messages can be set up (the channel's adapter says). */
    supportsTemplates: channelAdapters[account.kind].supportsTemplates,
    /** The path to enter in WeChat's admin (accounts from the environment use the short one). */
    webhookPath: isConnection
      ? `/webhooks/${WEBHOOK_SLUG[account.kind]}${account.fromEnv ? "" : `/${account.id}`}`
      : null,
  };
}

export type ChannelAccountDto = ReturnType<typeof toChannelAccountDto>;
