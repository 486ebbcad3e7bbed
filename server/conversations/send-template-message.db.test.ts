import { describe, expect, it } from "vitest";
import { createMessageTemplate } from "../channels/templates/message-templates";
import { db } from "../db/db";
import type { SandboxWechatApp } from "../sandbox/wechat/wechat-fake";
import { startChannelHarness, settledDelivery as statusOf, uniqueId as unique } from "../testing/channel-harness";
import { codeOf, eventually } from "../testing/eventually";
import { seedSignedInUser } from "../testing/seed";
import { recordTemplateDelivery } from "./mark-message-failed";
import { sendAgentReply } from "./send-agent-reply";
import { listConversationTemplates, sendTemplateMessage } from "./send-template-message";

const corp = {
  corpId: "wwtemplatecorp01",
  secret: "kf-secret",
  token: "kfToken",
  aesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
};
const oa: SandboxWechatApp = {
  kind: "OFFICIAL_ACCOUNT",
  appId: "wx00000000000000tp",
  originalId: "gh_template",
  secret: "oa-secret",
  token: "oaToken",
  aesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
  templates: [{ templateId: "tpl_followup", keys: ["first", "keyword1"] }],
};
const mp: SandboxWechatApp = {
  kind: "MINI_PROGRAM",
  appId: "wx00000000000000mq",
  originalId: "gh_template_mp",
  secret: "mp-secret",
  token: "mpToken",
  aesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
  format: "json",
  templates: [{ templateId: "sub_order", keys: ["thing1"] }],
};
const sandbox = await startChannelHarness({ corp, officialAccount: oa, miniProgram: mp });

/** A customer of this app who wrote more than 48 hours ago. */
async function closedConversation(app: SandboxWechatApp) {
  const customer = `o${unique()}`;
  await sandbox.wechat.customerSends(app.appId, customer, "在吗");
  const conversation = await eventually(
    () => db().conversation.findFirst({ where: { customer: { identities: { some: { externalId: customer } } } } }),
    (found) => found !== null,
  );
  if (!conversation) throw new Error(`no conversation for ${customer}`);
  await db().conversation.update({
    where: { id: conversation.id },
    data: { replyWindowExpiresAt: new Date(Date.now() - 1000), replyWindowRemaining: 5 },
  });
  return { customer, conversation };
}

async function templateFor(app: SandboxWechatApp, templateId: string, fields: { key: string; value?: string }[]) {
  const admin = await seedSignedInUser({ role: "ADMIN" });
  const channel = await db().channelAccount.findFirstOrThrow({ where: { appId: app.appId } });
  const existing = await db().messageTemplate.findFirst({ where: { channelAccountId: channel.id, templateId } });
  if (existing) return existing;
  return createMessageTemplate(
    admin.sessionUser,
    channel.id,
    {
      templateId,
      title: "售后跟进",
      fields: fields.map((field) => ({ key: field.key, label: field.key, value: field.value ?? "" })),
    },
    null,
  );
}

describe("writing to a customer after the window has closed", () => {
  it("an Official Account follower gets the template message, filled in for them, and the window is untouched", async () => {
    const agent = await seedSignedInUser();
    const template = await templateFor(oa, "tpl_followup", [
      { key: "first", value: "{{customer.name}}，您好" },
      { key: "keyword1" },
    ]);
    const { customer, conversation } = await closedConversation(oa);
    expect(await codeOf(sendAgentReply(agent.sessionUser, conversation.id, { text: "还在吗" }))).toBe(
      "REPLY_WINDOW_CLOSED",
    );
    const [offered] = await listConversationTemplates(agent.sessionUser, conversation.id);
    const customerName = (await db().customer.findUniqueOrThrow({ where: { id: conversation.customerId } })).name;
    expect(offered?.fields[0]?.value).toBe(`${customerName}，您好`);

    const message = await sendTemplateMessage(agent.sessionUser, conversation.id, {
      templateId: template.id,
      values: { first: `${customerName}，您好`, keyword1: "退款已到账" },
    });
    expect(message).toMatchObject({ type: "TEMPLATE", deliveryStatus: "PENDING" });
    expect((await statusOf(message.id)).deliveryStatus).toBe("SENT");
    expect(sandbox.wechat.sent.filter((sent) => sent.toUser === customer)).toEqual([
      expect.objectContaining({
        msgtype: "template",
        templateId: "tpl_followup",
        text: `${customerName}，您好 / 退款已到账`,
      }),
    ]);
    const after = await db().conversation.findUniqueOrThrow({ where: { id: conversation.id } });
    expect(after.replyWindowRemaining).toBe(5);
  });

  it("a follower who blocked the account's notices: WeChat accepts, then reports failure, and the message says so", async () => {
    const agent = await seedSignedInUser();
    const template = await templateFor(oa, "tpl_followup", [{ key: "first" }, { key: "keyword1" }]);
    const { customer, conversation } = await closedConversation(oa);
    sandbox.wechat.templateBlocks.add(`${oa.appId}:${customer}`);
    const delivered = await sendTemplateMessage(agent.sessionUser, conversation.id, {
      templateId: template.id,
      values: { first: "您好", keyword1: "已退款" },
    });
    const delivering = await sendTemplateMessage(agent.sessionUser, conversation.id, {
      templateId: template.id,
      values: { first: "您好", keyword1: "第二条" },
    });
    const failed = await eventually(
      () => db().message.findMany({ where: { id: { in: [delivered.id, delivering.id] } } }),
      (messages) => messages.every((message) => message.deliveryStatus === "FAILED"),
    );
    // Both reports reach the same follower within a second: each finds its own message.
    expect(failed.map((message) => [message.deliveryStatus, message.failureReason])).toEqual([
      ["FAILED", expect.stringContaining("failed:user block")],
      ["FAILED", expect.stringContaining("failed:user block")],
    ]);
  });

  it("a template message WeChat reports delivered stays sent", async () => {
    const agent = await seedSignedInUser();
    const template = await templateFor(oa, "tpl_followup", [{ key: "first" }, { key: "keyword1" }]);
    const { customer, conversation } = await closedConversation(oa);
    const message = await sendTemplateMessage(agent.sessionUser, conversation.id, {
      templateId: template.id,
      values: { first: "您好", keyword1: "已发货" },
    });
    expect((await statusOf(message.id)).deliveryStatus).toBe("SENT");
    const reports = () =>
      db().inboundEvent.count({
        where: { payload: { contains: "TEMPLATESENDJOBFINISH" }, AND: { payload: { contains: customer } } },
      });
    await eventually(reports, (count) => count === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stored = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(stored.deliveryStatus).toBe("SENT");
    expect(stored.body).toMatchObject({ platformMsgId: expect.stringMatching(/^\d+$/) });
  });

  it("a failure report that overtakes the send's own answer is kept and applied once the send is recorded", async () => {
    const { customer, conversation } = await closedConversation(oa);
    const message = await db().message.create({
      data: {
        conversationId: conversation.id,
        channelAccountId: conversation.channelAccountId,
        direction: "OUTBOUND",
        senderKind: "AGENT",
        type: "TEMPLATE",
        body: { type: "TEMPLATE", templateId: "tpl_followup", title: "售后跟进", fields: [] },
        text: "售后跟进",
        externalMsgId: `ld${unique()}`,
        deliveryStatus: "PENDING",
      },
    });
    const report = {
      channelAccountId: conversation.channelAccountId,
      openId: customer,
      platformMsgId: "700001",
      status: "failed:user block",
    };
    await expect(recordTemplateDelivery(report)).rejects.toThrow(/still being sent/);

    await db().message.update({
      where: { id: message.id },
      data: { deliveryStatus: "SENT", body: { ...(message.body as object), platformMsgId: "700001" } },
    });
    expect(await recordTemplateDelivery(report)).toBe(true);
    expect(await db().message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({
      deliveryStatus: "FAILED",
    });
    // A report on a template LoopDesk did not send (another system on the same account) is dropped.
    expect(await recordTemplateDelivery({ ...report, platformMsgId: "700002" })).toBe(false);
  });

  it("a field left empty is refused and nothing is stored", async () => {
    const agent = await seedSignedInUser();
    const template = await templateFor(oa, "tpl_followup", [{ key: "first" }, { key: "keyword1" }]);
    const { conversation } = await closedConversation(oa);
    const before = await db().message.count({ where: { conversationId: conversation.id } });
    await expect(
      sendTemplateMessage(agent.sessionUser, conversation.id, { templateId: template.id, values: { first: "您好" } }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await db().message.count({ where: { conversationId: conversation.id } })).toBe(before);
  });

  it("a mini-program customer who has not accepted the subscription: WeChat's refusal is shown; once accepted it is sent", async () => {
    const agent = await seedSignedInUser();
    const template = await templateFor(mp, "sub_order", [{ key: "thing1" }]);
    const { customer, conversation } = await closedConversation(mp);
    const refused = await sendTemplateMessage(agent.sessionUser, conversation.id, {
      templateId: template.id,
      values: { thing1: "您的订单已发货" },
    });
    expect(await statusOf(refused.id)).toMatchObject({
      deliveryStatus: "FAILED",
      failureReason: expect.stringContaining("43101"),
    });

    await sandbox.wechat.customerSubscribes(mp.appId, customer, "sub_order");
    const sent = await sendTemplateMessage(agent.sessionUser, conversation.id, {
      templateId: template.id,
      values: { thing1: "您的订单已发货" },
    });
    expect((await statusOf(sent.id)).deliveryStatus).toBe("SENT");
    // One acceptance, one message.
    const again = await sendTemplateMessage(agent.sessionUser, conversation.id, {
      templateId: template.id,
      values: { thing1: "再来一条" },
    });
    expect((await statusOf(again.id)).deliveryStatus).toBe("FAILED");
  });

  it("WeCom customer service has no template messages to set up", async () => {
    const admin = await seedSignedInUser({ role: "ADMIN" });
    const kf = await db().channelAccount.findFirstOrThrow({ where: { appId: corp.corpId } });
    await expect(
      createMessageTemplate(
        admin.sessionUser,
        kf.id,
        { templateId: "tpl_x", title: "x", fields: [{ key: "first", label: "a", value: "" }] },
        null,
      ),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
