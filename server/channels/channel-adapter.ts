import type { CallbackAccount } from "./accounts/get-callback-account";

export type OutboundText = {
  /** The credentials to send with (a kf account uses its corp's WeCom connection). */
  connection: CallbackAccount;
  /** The WeCom kf account; empty for Official Accounts and mini programs. */
  openKfId: string;
  /** external_userid or openid. */
  toUser: string;
  /** Our idempotency key ([0-9A-Za-z_-], ≤ 32 bytes); WeCom echoes it. */
  clientMsgId: string;
  text: string;
};

/** Why a platform refused a message for good (retrying will not help). */
export type RejectionCode = "WINDOW_CLOSED" | "QUOTA_EXHAUSTED" | "SESSION_STATE" | "RECIPIENT_INVALID" | "REFUSED";

export type SendOutcome = { status: "sent" } | { status: "rejected"; code: RejectionCode; reason: string };

/**
 * What each channel must do. Transient failures (network, platform busy, rate limits) are thrown;
 * refusals are returned, so the caller can mark the message FAILED with the platform's reason.
 */
export type ChannelAdapter = {
  sendText(message: OutboundText): Promise<SendOutcome>;
};
