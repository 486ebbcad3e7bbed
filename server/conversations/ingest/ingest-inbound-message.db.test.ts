import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db, getDatabase } from "../../db/db";
import { setupTestDatabase } from "../../testing/test-database";
import type { InboundMessage } from "../inbound-message";
import { MESSAGE_WINDOW_MS, MESSAGE_WINDOW_QUOTA } from "../reply-window";
import { ingestInboundMessage } from "./ingest-inbound-message";

setupTestDatabase();

const unique = () => randomBytes(4).toString("hex");

async function seedChannel() {
  const id = unique();
  return db().channelAccount.create({ data: { kind: "OFFICIAL_ACCOUNT", name: `OA ${id}`, appId: `wx${id}` } });
}

function text(channelAccountId: string, customer: string, words: string, sentAt: Date): InboundMessage {
  return {
    channelAccountId,
    externalUserId: customer,
    externalMsgId: unique(),
    sentAt,
    content: { type: "TEXT", text: words },
    window: { kind: "MESSAGE" },
  };
}

describe("inbound messages written together", () => {
  it("a burst from many customers stores every message once, one conversation per customer", async () => {
    const channel = await seedChannel();
    const at = new Date("2026-11-28T08:00:00.000Z");
    const burst = Array.from({ length: 120 }, (_, i) =>
      text(channel.id, `customer-${i % 40}`, `消息 ${i}`, new Date(at.getTime() + i * 1000)),
    );
    const replays = burst.slice(0, 30);

    const results = await Promise.all([...burst, ...replays].map((message) => ingestInboundMessage(message)));

    expect(results.filter((result) => result.status === "created")).toHaveLength(120);
    const duplicates = results.filter((result) => result.status === "duplicate");
    expect(duplicates).toHaveLength(30);
    // A replay answers with the message it repeats.
    expect(duplicates.map((result) => result.messageId)).toEqual(results.slice(0, 30).map((r) => r.messageId));
    expect(await db().message.count({ where: { channelAccountId: channel.id } })).toBe(120);
    const conversations = await db().conversation.findMany({ where: { channelAccountId: channel.id } });
    expect(conversations).toHaveLength(40);
    expect(conversations.every((conversation) => conversation.unreadCount === 3)).toBe(true);
  });

  it("a customer's messages in one batch leave the conversation as if they came one by one", async () => {
    const channel = await seedChannel();
    const first = new Date("2026-11-28T09:00:00.000Z");
    const second = new Date(first.getTime() + 60_000);
    const late = new Date(first.getTime() - 3600_000);
    // Sent together: they are written in one transaction.
    await Promise.all([
      ingestInboundMessage(text(channel.id, "fast-typist", "你好", first)),
      ingestInboundMessage(text(channel.id, "fast-typist", "我的快递到哪了？", second)),
      // An older message delivered late (a retry) does not move the window or the preview.
      ingestInboundMessage(text(channel.id, "fast-typist", "旧消息", late)),
    ]);

    const conversation = await db().conversation.findFirstOrThrow({ where: { channelAccountId: channel.id } });
    expect(conversation).toMatchObject({
      unreadCount: 3,
      lastMessagePreview: "我的快递到哪了？",
      lastCustomerMessageAt: second,
      replyWindowKind: "MESSAGE",
      replyWindowOpenedAt: second,
      replyWindowExpiresAt: new Date(second.getTime() + MESSAGE_WINDOW_MS),
      replyWindowRemaining: MESSAGE_WINDOW_QUOTA,
      waitingSince: first,
      status: "QUEUED",
    });
  });

  it("a message another instance stores while a batch is being written is answered as a duplicate, counted once", async () => {
    const channel = await seedChannel();
    const first = await ingestInboundMessage(text(channel.id, "two-servers", "你好", new Date()));
    const conversationId = first.conversationId ?? "";
    const message = text(channel.id, "two-servers", "在吗", new Date());
    let commitOther = () => {};
    const otherCommitted = getDatabase().transaction(async (tx) => {
      await tx.query(
        `INSERT INTO "Message" (id, "conversationId", "channelAccountId", direction, "senderKind", type, body, text,
                                "externalMsgId", "sentAt", "createdAt", "updatedAt")
         VALUES ('other-instance', $1, $2, 'INBOUND', 'CUSTOMER', 'TEXT', '{"type":"TEXT","text":"在吗"}', '在吗', $3, now(), now(), now())`,
        [conversationId, channel.id, message.externalMsgId],
      );
      await new Promise<void>((resolve) => {
        commitOther = resolve;
      });
    });
    // This batch reads before the other copy is committed, then waits on it.
    const ingesting = ingestInboundMessage(message);
    await new Promise((resolve) => setTimeout(resolve, 300));
    commitOther();
    await otherCommitted;

    expect(await ingesting).toMatchObject({ status: "duplicate", messageId: "other-instance", conversationId });
    expect(await db().message.count({ where: { channelAccountId: channel.id } })).toBe(2);
    expect(await db().conversation.findUniqueOrThrow({ where: { id: conversationId } })).toMatchObject({
      unreadCount: 1,
      lastMessagePreview: "你好",
    });
  });
});
