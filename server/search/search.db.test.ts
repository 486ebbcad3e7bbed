import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ingestInboundMessage } from "../conversations/ingest/ingest-inbound-message";
import { db } from "../db/db";
import { seedSignedInUser, seedTeam } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";
import { search } from "./search";

setupTestDatabase();

const unique = () => randomBytes(4).toString("hex");

async function customerWrites(teamId: string, text: string, nickname: string) {
  const channel = await db().channelAccount.create({
    data: { kind: "OFFICIAL_ACCOUNT", name: `OA ${unique()}`, appId: `wx${unique()}`, teamId },
  });
  return ingestInboundMessage({
    channelAccountId: channel.id,
    externalUserId: `o${unique()}`,
    externalMsgId: unique(),
    sentAt: new Date(),
    content: { type: "TEXT", text },
    window: { kind: "MESSAGE" },
    profile: { nickname },
  });
}

describe("search", () => {
  it("finds a Chinese phrase inside a longer message, and the customer by name", async () => {
    const team = await seedTeam();
    const agent = await seedSignedInUser({ teamIds: [team.id] });
    const { conversationId } = await customerWrites(
      team.id,
      "你好，我上周买的保温杯盖子漏水，能换一个吗？",
      "杯子控小王",
    );
    await customerWrites(team.id, "请问有没有优惠券", "路人甲");

    const result = await search(agent.sessionUser, { q: "保温杯漏水", limit: 20 });
    expect(result.messages.map((hit) => hit.conversationId)).toEqual([conversationId]);
    expect(result.messages[0]?.text).toContain("保温杯盖子漏水");

    const byName = await search(agent.sessionUser, { q: "杯子控", limit: 20 });
    expect(byName.customers.map((hit) => hit.name)).toEqual(["杯子控小王"]);
  });

  it("never shows a private team's messages to an agent outside it", async () => {
    const vip = await seedTeam({ isPrivate: true });
    const outsider = await seedSignedInUser();
    const member = await seedSignedInUser({ teamIds: [vip.id] });
    const phrase = `机密订单${unique()}`;
    await customerWrites(vip.id, `${phrase} 请尽快处理`, "VIP 客户");

    expect((await search(outsider.sessionUser, { q: phrase, limit: 20 })).messages).toEqual([]);
    expect((await search(member.sessionUser, { q: phrase, limit: 20 })).messages).toHaveLength(1);
  });
});
