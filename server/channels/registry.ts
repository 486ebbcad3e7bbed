import type { ChannelKind } from "../generated/prisma/enums";
import type { ChannelAdapter } from "./channel-adapter";
import { miniProgramAdapter, officialAccountAdapter } from "./official-account/wechat-adapter";
import { wecomAdapter } from "./wecom/wecom-adapter";

/** A ChannelKind without an adapter is a compile error, not a runtime surprise. */
export const channelAdapters = {
  WECOM_KF: wecomAdapter,
  OFFICIAL_ACCOUNT: officialAccountAdapter,
  MINI_PROGRAM: miniProgramAdapter,
} satisfies Record<ChannelKind, ChannelAdapter>;
