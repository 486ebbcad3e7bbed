// Beside the composer the agent finds replies drafted from the knowledge base and the customer's own
// order, and a long conversation's gist; nothing is sent without them.
import { describe, expect, it } from "vitest";
import { db } from "../../db/db";
import { seedConversation, seedSignedInUser } from "../../testing/seed";
import { setupTestDatabase } from "../../testing/test-database";
import { seedDemoKnowledge } from "../knowledge/demo-knowledge";
import { copilotFor } from "./copilot";

setupTestDatabase();

async function conversationWith(lines: { from: "customer" | "agent"; text: string }[]) {
  const conversation = await seedConversation();
  for (const [index, line] of lines.entries()) {
    await db().message.create({
      data: {
        conversationId: conversation.id,
        channelAccountId: conversation.channelAccountId,
        direction: line.from === "customer" ? "INBOUND" : "OUTBOUND",
        senderKind: line.from === "customer" ? "CUSTOMER" : "AGENT",
        type: "TEXT",
        body: { type: "TEXT", text: line.text },
        text: line.text,
        externalMsgId: `c${conversation.id}${index}`,
        sentAt: new Date(Date.now() - (lines.length - index) * 60_000),
      },
    });
  }
  return conversation;
}

describe("the agent's copilot", () => {
  it("suggests the knowledge base's answer and the customer's order status, and sends nothing", async () => {
    await seedDemoKnowledge();
    const { sessionUser } = await seedSignedInUser();
    const conversation = await conversationWith([{ from: "customer", text: "保温杯可以放洗碗机洗吗？" }]);
    await db().order.create({
      data: {
        orderNo: `LD${Date.now()}`,
        totalFen: 8_900,
        status: "PAID",
        paidAt: new Date(),
        customerId: conversation.customerId,
      },
    });
    const before = await db().message.count({ where: { conversationId: conversation.id } });
    const { suggestions, summary } = await copilotFor(sessionUser, conversation.id);
    expect(suggestions[0]).toMatchObject({
      kind: "order",
      text: expect.stringContaining("已付款，预计 48 小时内发货"),
    });
    expect(suggestions.find((suggestion) => suggestion.kind === "article")).toMatchObject({
      articleId: "kb-cup-dishwasher",
    });
    expect(summary).toBeNull();
    expect(await db().message.count({ where: { conversationId: conversation.id } })).toBe(before);
    expect(await db().aiRun.count({ where: { conversationId: conversation.id, capability: "copilot" } })).toBe(1);
  });

  it("sums up a long conversation: what the customer wants, the numbers they gave, the last reply", async () => {
    const { sessionUser } = await seedSignedInUser();
    const conversation = await conversationWith([
      { from: "customer", text: "你好" },
      { from: "agent", text: "您好，请问有什么可以帮您？" },
      { from: "customer", text: "我的快递一直没动" },
      { from: "agent", text: "麻烦提供一下订单号" },
      { from: "customer", text: "订单号 LD2026120700034" },
      { from: "agent", text: "稍等，我帮您查一下" },
      { from: "customer", text: "运单号 SF1234567890123" },
      { from: "agent", text: "已经联系快递公司催件了" },
      { from: "customer", text: "都三天了，再不到我就投诉了" },
    ]);
    await db().conversation.update({
      where: { id: conversation.id },
      data: { intent: "LOGISTICS_PROBLEM", sentiment: "NEGATIVE" },
    });
    const { summary } = await copilotFor(sessionUser, conversation.id);
    const lines = summary?.split("\n") ?? [];
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain("物流问题（情绪不满）");
    expect(lines[0]).toContain("再不到我就投诉了");
    expect(lines[1]).toContain("订单 LD2026120700034");
    expect(lines[1]).toContain("运单 SF1234567890123");
    expect(lines[2]).toContain("已经联系快递公司催件了");
  });
});
