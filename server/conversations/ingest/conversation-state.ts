// The shapes a batch of inbound messages passes between its steps.
import type { ConversationStatus, ReplyWindowKind } from "../../generated/prisma/enums";
import type { InboundMessage } from "../inbound-message";

/** A conversation as a batch reads it (locked for the transaction), and how it came to be active. */
export type ConversationState = {
  id: string;
  opened?: boolean;
  reopened?: boolean;
  status: ConversationStatus;
  replyWindowKind: ReplyWindowKind | null;
  replyWindowExpiresAt: Date | null;
  replyWindowRemaining: number | null;
  lastCustomerMessageAt: Date | null;
};

export const STATE_COLUMNS = `id, status, "replyWindowKind", "replyWindowExpiresAt", "replyWindowRemaining", "lastCustomerMessageAt"`;

export type Pending = { message: InboundMessage; inboundEventId?: string };

/** A new message the batch will insert, with the conversation it goes to. */
export type Accepted = {
  index: number;
  pending: Pending;
  conversation: ConversationState;
  messageId: string;
  text: string;
};

type MessageRef = Pick<InboundMessage, "channelAccountId" | "externalMsgId">;
export const messageKey = (ref: MessageRef) => `${ref.channelAccountId}\u0000${ref.externalMsgId}`;
