import { describe, expect, it } from "vitest";
import type { InboundMessage } from "../inbound-message";
import type { WindowGrant } from "../reply-window";
import type { Accepted, ConversationState } from "./conversation-state";
import { foldConversation } from "./fold-conversation";

const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 10, minute));

function conversation(overrides: Partial<ConversationState> = {}): ConversationState {
  return {
    id: "c1",
    status: "OPEN",
    replyWindowKind: null,
    replyWindowExpiresAt: null,
    replyWindowRemaining: null,
    lastCustomerMessageAt: null,
    ...overrides,
  };
}

function message(text: string, sentAt: Date, window: WindowGrant | null = { kind: "MESSAGE" }): Accepted {
  const inbound: InboundMessage = {
    channelAccountId: "ch",
    externalUserId: "u",
    externalMsgId: text,
    sentAt,
    content: { type: "TEXT", text },
    window,
  };
  return { index: 0, pending: { message: inbound }, conversation: conversation(), messageId: text, text };
}

describe("what a conversation becomes after a batch of customer messages", () => {
  it("the newest message sets the preview and opens a 48-hour window of five replies", () => {
    const fold = foldConversation(conversation(), [message("在吗", at(1)), message("我的快递到哪了？", at(2))]);
    expect(fold).toMatchObject({
      unread: 2,
      preview: "我的快递到哪了？",
      latestAt: at(2).toISOString(),
      windowChanged: true,
      window: { kind: "MESSAGE", remaining: 5, expiresAt: new Date(at(2).getTime() + 48 * 3600_000) },
      windowOpenedAt: at(2).toISOString(),
      waitingSince: at(1).toISOString(),
    });
  });

  it("a message older than the last one (a late retry, a kf page) counts as unread but moves neither preview nor window", () => {
    const fold = foldConversation(conversation({ lastCustomerMessageAt: at(5) }), [message("早先的消息", at(3))]);
    expect(fold).toMatchObject({ unread: 1, preview: null, latestAt: null, windowChanged: false });
  });

  it("a menu click inside an open message window keeps the more generous window", () => {
    const open = conversation({
      lastCustomerMessageAt: at(1),
      replyWindowKind: "MESSAGE",
      replyWindowExpiresAt: new Date(at(1).getTime() + 48 * 3600_000),
      replyWindowRemaining: 4,
    });
    const fold = foldConversation(open, [message("[菜单]", at(2), { kind: "EVENT", quota: 3 })]);
    expect(fold.window).toMatchObject({ kind: "MESSAGE", remaining: 4 });
  });

  it("an unsubscribe closes the window and does not start a wait", () => {
    const open = conversation({
      lastCustomerMessageAt: at(1),
      replyWindowKind: "MESSAGE",
      replyWindowExpiresAt: new Date(at(1).getTime() + 48 * 3600_000),
      replyWindowRemaining: 5,
    });
    const fold = foldConversation(open, [message("[取消关注]", at(2), { kind: "CLOSE" })]);
    expect(fold).toMatchObject({ windowChanged: true, waitingSince: null, window: { remaining: 0, expiresAt: at(2) } });
  });

  it("keeps the preview to 200 characters", () => {
    const fold = foldConversation(conversation(), [message("长".repeat(300), at(1))]);
    expect(fold.preview).toHaveLength(200);
  });
});
