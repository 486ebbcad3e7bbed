// Every customer message is triaged after it is stored: the conversation shows the intent, a
// threatening customer moves to the front of the queue, and each decision is recorded with its engine.
import { describe, expect, it } from "vitest";
import { db } from "../db/db";
import { setIntentRoutes } from "../routing/intent-routes";
import { transferConversation } from "../routing/transfer-conversation";
import { startChannelHarness, testChannels, uniqueId as unique } from "../testing/channel-harness";
import { eventually } from "../testing/eventually";
import { seedSignedInUser, seedTeam } from "../testing/seed";

const channels = testChannels("ai");
const oa = channels.officialAccount;
const sandbox = await startChannelHarness(channels);

async function conversationAfter(text: string) {
  const openid = `o${unique()}`;
  await sandbox.wechat.customerSends(oa.appId, openid, text);
  return eventually(
    () => db().conversation.findFirst({ where: { customer: { identities: { some: { externalId: openid } } } } }),
    (found) => found?.intent !== null && found?.intent !== undefined,
  );
}

describe("triage of arriving messages", () => {
  it("a customer threatening to complain is a complaint, negative and urgent, recorded with its engine", async () => {
    const conversation = await conversationAfter("东西碎了还不给退，再不处理我就去12315投诉你们");
    expect(conversation).toMatchObject({ intent: "COMPLAINT", sentiment: "NEGATIVE", priority: "URGENT" });
    const [run] = await db().aiRun.findMany({ where: { conversationId: conversation?.id } });
    expect(run).toMatchObject({ capability: "triage", provider: "offline" });
    expect(run?.messageId).not.toBeNull();
    expect(run?.output).toMatchObject({ intent: "COMPLAINT" });
  });

  it("a request for a person is read as one, and the order number in a question is found", async () => {
    expect(await conversationAfter("转人工")).toMatchObject({ intent: "HUMAN_AGENT" });
    const asked = await conversationAfter("订单号 LD2026120700034 什么时候发货");
    expect(asked).toMatchObject({ intent: "ORDER_STATUS", priority: "NORMAL" });
    const [run] = await db().aiRun.findMany({ where: { conversationId: asked?.id } });
    expect(run?.output).toMatchObject({ orderNo: "LD2026120700034" });
  });

  it("a team takes its intent's waiting conversations, but not one a person has sent elsewhere", async () => {
    const payments = await seedTeam();
    const other = await seedTeam();
    const { sessionUser } = await seedSignedInUser({ role: "SUPERVISOR" });
    await setIntentRoutes(sessionUser, { routes: { PAYMENT: payments.id } }, null);

    const openid = `o${unique()}`;
    await sandbox.wechat.customerSends(oa.appId, openid, "付款一直失败，提示银行卡异常");
    const routed = await eventually(
      () => db().conversation.findFirst({ where: { customer: { identities: { some: { externalId: openid } } } } }),
      (found) => found?.teamId === payments.id,
    );
    expect(routed).toMatchObject({ intent: "PAYMENT", teamId: payments.id, status: "QUEUED" });

    if (!routed) throw new Error("not routed");
    await transferConversation(sessionUser, routed.id, { to: { kind: "team", teamId: other.id } });
    await sandbox.wechat.customerSends(oa.appId, openid, "扣款了但订单还显示未付款");
    await eventually(
      () => db().aiRun.count({ where: { conversationId: routed.id, capability: "triage" } }),
      (count) => count === 2,
    );
    expect(await db().conversation.findUniqueOrThrow({ where: { id: routed.id } })).toMatchObject({
      teamId: other.id,
    });
  });
});
