import type { MessageContent } from "./message-content";
import type { WindowGrant } from "./reply-window";

/** A customer's message as every channel adapter hands it to the conversation core. */
export type InboundMessage = {
  channelAccountId: string;
  /** openid (OA, mini program) or external_userid (WeCom kf). */
  externalUserId: string;
  /** The platform's id, unique per channel account: replays find the same message. */
  externalMsgId: string;
  sentAt: Date;
  content: MessageContent;
  /** What this message allows the brand to send back. */
  window: WindowGrant | null;
  profile?: { nickname?: string; avatarUrl?: string; unionId?: string };
};
