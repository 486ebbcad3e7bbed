import type { CallbackAccount } from "./accounts/get-callback-account";
import type { ImageType } from "./media-type";
import type { PlatformMedia, UploadFile } from "./platform-client";

/** What LoopDesk sends besides text: a picture, or (WeCom kf only) a file, by the platform's media id. */
export type MediaKind = "IMAGE" | "FILE";

export type OutboundContent =
  | { type: "TEXT"; text: string }
  | { type: MediaKind; mediaId: string }
  /** A template / subscription message: the platform's template_id, its data, the page or URL it opens. */
  | { type: "TEMPLATE"; templateId: string; data: Record<string, string>; link?: string }
  /**
   * A card (order, parcel): each channel sends it in its own format where it has one for what the
   * card opens (a mini-program page, a web page), as text otherwise.
   */
  | { type: "CARD"; card: OutboundCard };

export type OutboundCard = {
  title: string;
  description: string;
  url?: string;
  miniProgram?: { appId: string; pagePath: string };
  /** An uploaded thumbnail, which kf cards and mini-program pages require. */
  thumbMediaId?: string;
};

/** A card as text, where the channel has no card for it: title, description and the link. */
export function cardAsText(card: OutboundCard): string {
  return [card.title, card.description, card.url].filter(Boolean).join("\n");
}

export type OutboundMessage = {
  /** The credentials to send with (a kf account uses its corp's WeCom connection). */
  connection: CallbackAccount;
  /** The WeCom kf account; empty for Official Accounts and mini programs. */
  openKfId: string;
  /** external_userid or openid. */
  toUser: string;
  /** Our idempotency key ([0-9A-Za-z_-], ≤ 32 bytes); WeCom echoes it. */
  clientMsgId: string;
  content: OutboundContent;
  /**
   * WeCom kf: a msg_code from a session's state change (its end); the message is sent on that event,
   * outside the reply quota, within 20 s of it.
   */
  eventCode?: string;
};

/** Why a platform refused a message for good (retrying will not help). */
export type RejectionCode = "WINDOW_CLOSED" | "QUOTA_EXHAUSTED" | "SESSION_STATE" | "RECIPIENT_INVALID" | "REFUSED";

export type SendOutcome =
  /** platformMsgId: the platform's own id, where it reports on the message later (OA templates). */
  { status: "sent"; platformMsgId?: string } | { status: "rejected"; code: RejectionCode; reason: string };

/**
 * What each channel must do. Transient failures (network, platform busy, rate limits) are thrown;
 * refusals are returned, so the caller can mark the message FAILED with the platform's reason.
 */
export type ChannelAdapter = {
  /** The media this channel's customer-service messages can carry. */
  mediaKinds: readonly MediaKind[];
  /** Whether it has template / subscription messages, the way to write after the window closed. */
  supportsTemplates: boolean;
  /** The picture formats it takes as pictures (others go as files, where files are allowed). */
  imageTypes: readonly ImageType[];
  /** Uploads a file as temporary media (kept 3 days by the platform); returns its media id. */
  uploadMedia(connection: CallbackAccount, kind: MediaKind, file: UploadFile): Promise<string>;
  /**
   * Fetches a customer's media by the id the platform gave (never by a URL from a payload). An expired
   * or unknown id throws PlatformApiError.
   */
  downloadMedia(connection: CallbackAccount, mediaId: string, maxBytes: number): Promise<PlatformMedia>;
  send(message: OutboundMessage): Promise<SendOutcome>;
};
