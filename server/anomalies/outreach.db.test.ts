// The agent reaches out first: one click from an anomaly sends its text, filled in for this
// customer's order and parcel, through whatever can still reach them.
import { describe, expect, it } from "vitest";
import { createMessageTemplate } from "../channels/templates/message-templates";
import { db } from "../db/db";
import type { SandboxWechatApp } from "../sandbox/wechat/wechat-fake";
import { conversationOf, settledDelivery, startChannelHarness, uniqueId as unique } from "../testing/channel-harness";
import { codeOf } from "../testing/eventually";
import { seedSignedInUser } from "../testing/seed";
import { reachOut } from "./outreach/reach-out";

const corp = {
  corpId: "wwoutreachcorp01",
  secret: "kf-secret",
  token: "kfToken",
  aesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
};
const oa: SandboxWechatApp = {
  kind: "OFFICIAL_ACCOUNT",
  appId: "wx00000000000000or",
  originalId: "gh_outreach",
  secret: "oa-secret",
  token: "oaToken",
  aesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
  templates: [{ templateId: "tpl_outreach", keys: ["first", "keyword1"] }],
};
const mp: SandboxWechatApp = {
  kind: "MINI_PROGRAM",
  appId: "wx00000000000000ou",
  originalId: "gh_outreach_mp",
  secret: "mp-secret",
  token: "mpToken",
  aesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
  format: "json",
};
const sandbox = await startChannelHarness({ corp, officialAccount: oa, miniProgram: mp });

/** A customer who wrote, an order of theirs with a parcel stuck at a transfer centre, and its anomaly. */
async function stalledCustomer(app: SandboxWechatApp) {
  const openid = `o${unique()}`;
  await sandbox.wechat.customerSends(app.appId, openid, "你好");
  const conversation = await conversationOf(openid);
  const order = await db().order.create({
    data: { orderNo: `LD${unique()}`, totalFen: 9_900, customerId: conversation.customerId, status: "SHIPPED" },
  });
  const shipment = await db().shipment.create({
    data: {
      orderId: order.id,
      carrier: "shunfeng",
      trackingNo: `SF${unique()}`,
      status: "IN_TRANSIT",
      lastEventAt: new Date(Date.now() - 50 * 3_600_000),
      lastEventText: "快件已到达【上海转运中心】",
    },
  });
  const anomaly = await db().anomaly.create({
    data: {
      type: "LOGISTICS_STALLED",
      subjectType: "shipment",
      subjectId: shipment.id,
      openKey: `LOGISTICS_STALLED:shipment:${shipment.id}`,
      orderId: order.id,
      shipmentId: shipment.id,
      customerId: conversation.customerId,
      conversationId: conversation.id,
    },
  });
  return { openid, conversation, order, shipment, anomaly };
}

const closeWindow = (conversationId: string) =>
  db().conversation.update({
    where: { id: conversationId },
    data: { replyWindowExpiresAt: new Date(Date.now() - 1000), replyWindowRemaining: 5 },
  });

describe("reaching out from an anomaly", () => {
  it("sends the stalled parcel's apology through the open window, and records the first contact", async () => {
    const agent = await seedSignedInUser({ role: "SUPERVISOR" });
    const { anomaly, shipment, order } = await stalledCustomer(oa);
    const { message, via } = await reachOut(agent.sessionUser, anomaly.id, {}, null);
    expect(via).toBe("window");
    const sent = await settledDelivery(message.id);
    expect(sent.deliveryStatus).toBe("SENT");
    expect(sent.text).toContain(shipment.trackingNo);
    expect(sent.text).toContain("顺丰速运");
    expect(sent.text).toContain("快件已到达【上海转运中心】");
    expect(sent.text).toContain(order.orderNo);
    const contacted = await db().anomaly.findUniqueOrThrow({ where: { id: anomaly.id } });
    expect(contacted.firstContactAt).not.toBeNull();
    expect(contacted.contactedBeforeComplaint).toBe(true);
    expect(await db().auditLog.count({ where: { subjectId: anomaly.id, action: "anomaly.contacted" } })).toBe(1);
  });

  it("after the window closed, the channel's outreach template carries the text; a customer who wrote first is noted", async () => {
    const admin = await seedSignedInUser({ role: "ADMIN" });
    const channel = await db().channelAccount.findFirstOrThrow({ where: { appId: oa.appId } });
    await createMessageTemplate(
      admin.sessionUser,
      channel.id,
      {
        templateId: "tpl_outreach",
        title: "物流提醒",
        fields: [
          { key: "first", label: "说明", value: "{{outreach.text}}" },
          { key: "keyword1", label: "运单号", value: "{{parcel.trackingNo}}" },
        ],
        forOutreach: true,
      },
      null,
    );
    const { anomaly, shipment, openid, conversation } = await stalledCustomer(oa);
    await db().anomaly.update({ where: { id: anomaly.id }, data: { detectedAt: new Date(Date.now() - 60_000) } });
    await sandbox.wechat.customerSends(oa.appId, openid, "我的快递怎么一直不动？");
    await new Promise((resolve) => setTimeout(resolve, 300));
    await closeWindow(conversation.id);

    const { message, via } = await reachOut(admin.sessionUser, anomaly.id, {}, null);
    expect(via).toBe("template");
    const sent = await settledDelivery(message.id);
    expect(sent.deliveryStatus).toBe("SENT");
    const body = sent.body as { type: string; fields: { key: string; value: string }[] };
    expect(body.type).toBe("TEMPLATE");
    expect(body.fields.find((field) => field.key === "keyword1")?.value).toBe(shipment.trackingNo);
    expect(body.fields.find((field) => field.key === "first")?.value).toContain("上海转运中心");
    expect((await db().anomaly.findUniqueOrThrow({ where: { id: anomaly.id } })).contactedBeforeComplaint).toBe(false);
  });

  it("with the window closed and no outreach template, it says no channel can reach the customer and sends nothing", async () => {
    const agent = await seedSignedInUser({ role: "SUPERVISOR" });
    const { anomaly, conversation } = await stalledCustomer(mp);
    await closeWindow(conversation.id);
    const before = await db().message.count({ where: { conversationId: conversation.id } });
    expect(await codeOf(reachOut(agent.sessionUser, anomaly.id, {}, null))).toBe("CONFLICT");
    expect(await db().message.count({ where: { conversationId: conversation.id } })).toBe(before);
    expect((await db().anomaly.findUniqueOrThrow({ where: { id: anomaly.id } })).firstContactAt).toBeNull();
  });
});
