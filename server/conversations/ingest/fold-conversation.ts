// What a conversation becomes after a batch's new messages, as if they had come one by one: the
// reply window, the preview, unread count and waiting time. Pure, so the batch writes it in one go.
import { applyWindowGrant, type ReplyWindow } from "../reply-window";
import type { Accepted, ConversationState } from "./conversation-state";

function currentWindow(state: ConversationState): ReplyWindow | null {
  if (!state.replyWindowKind || !state.replyWindowExpiresAt) return null;
  return { kind: state.replyWindowKind, expiresAt: state.replyWindowExpiresAt, remaining: state.replyWindowRemaining };
}

/** What one conversation becomes after its new messages, applied in order as they would have been one by one. */
export function foldConversation(conversation: ConversationState, messages: Accepted[]) {
  let lastCustomerMessageAt = conversation.lastCustomerMessageAt;
  let window = currentWindow(conversation);
  let windowChanged = false;
  let windowOpenedAt: Date | null = null;
  let latest: Accepted | undefined;
  let waitingSince: Date | null = null;
  for (const accepted of messages) {
    const { message } = accepted.pending;
    // Messages can arrive out of order (retries, kf sync pages): only a newer one moves the window.
    const isLatest = !lastCustomerMessageAt || message.sentAt >= lastCustomerMessageAt;
    if (isLatest) {
      lastCustomerMessageAt = message.sentAt;
      latest = accepted;
      if (message.window) {
        window = applyWindowGrant(window, message.window, message.sentAt);
        windowChanged = true;
        windowOpenedAt = message.sentAt;
      }
    }
    if (waitingSince === null && message.window?.kind !== "CLOSE") waitingSince = message.sentAt;
  }
  return {
    id: conversation.id,
    unread: messages.length,
    latestAt: latest ? latest.pending.message.sentAt.toISOString() : null,
    preview: latest ? latest.text.slice(0, 200) : null,
    windowChanged: windowChanged && window !== null,
    window,
    windowOpenedAt: windowOpenedAt?.toISOString() ?? null,
    waitingSince: waitingSince?.toISOString() ?? null,
  };
}

export type Fold = ReturnType<typeof foldConversation>;
