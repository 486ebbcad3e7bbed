import type { ChannelKind } from "../generated/prisma/enums";
import type { ChannelAdapter } from "./channel-adapter";
import { wechatAdapter } from "./official-account/wechat-adapter";
import { wecomAdapter } from "./wecom/wecom-adapter";

/** A ChannelKind without an adapter is a compile error, not a runtime surprise. */
export const channelAdapters = {
  WECOM_KF: wecomAdapter,
  OFFICIAL_ACCOUNT: wechatAdapter,
  MINI_PROGRAM: wechatAdapter,
} satisfies Record<ChannelKind, ChannelAdapter>;
