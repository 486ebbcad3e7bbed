import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "../db/db";
import { publish } from "../realtime/publish";
import type { SandboxWechatApp } from "../sandbox/wechat/wechat-fake";
import {
  conversationOf,
  startChannelHarness,
  settledDelivery as statusOf,
  uniqueId as unique,
} from "../testing/channel-harness";
import { codeOf, eventually } from "../testing/eventually";
import { seedSignedInUser } from "../testing/seed";
import { getMessageMedia } from "./get-message-media";
import { sendAgentMedia } from "./send-agent-media";
import { sendAgentReply } from "./send-agent-reply";

const corp = {
  corpId: "wwreplycorp00001",
  secret: "kf-secret",
  token: "kfToken",
  aesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
};
const oa: SandboxWechatApp = {
  kind: "OFFICIAL_ACCOUNT",
  appId: "wx00000000000000aa",
  originalId: "gh_reply",
  secret: "oa-secret",
  token: "oaToken",
  aesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};
const sandbox = await startChannelHarness({ corp, officialAccount: oa });
afterEach(() => {
  vi.restoreAllMocks();
});

/** An Official Account customer who wrote more than 48 hours ago. */
async function conversationWithClosedWindow() {
  const customer = `o${unique()}`;
  await sandbox.wechat.customerSends(oa.appId, customer, "你好");
  const conversation = await conversationOf(customer);
  await db().conversation.update({
    where: { id: conversation.id },
    data: { replyWindowExpiresAt: new Date(Date.now() - 1000) },
  });
  return conversation;
}

describe("one customer across channels", () => {
  it("someone who writes on WeCom kf and on the Official Account is one customer, by unionid", async () => {
    const unionId = `u${unique()}`;
    const [kfCustomer, oaCustomer] = [`wm${unique()}`, `o${unique()}`];
    sandbox.wecom.profiles.set(kfCustomer, { nickname: "刘洋", avatar: "", unionid: unionId });
    sandbox.wechat.unionIds.set(oaCustomer, unionId);
    await sandbox.wecom.customerSends({ openKfId: `wk${unique()}`, externalUserId: kfCustomer, text: "企业微信这边" });
    await conversationOf(kfCustomer);
    await sandbox.wechat.customerSends(oa.appId, oaCustomer, "公众号这边");
    await conversationOf(oaCustomer);
    const identities = await db().customerIdentity.findMany({
      where: { externalId: { in: [kfCustomer, oaCustomer] } },
      include: { customer: true },
    });
    expect(identities).toHaveLength(2);
    expect(new Set(identities.map((identity) => identity.customerId)).size).toBe(1);
    expect(identities[0]?.customer).toMatchObject({ name: "刘洋", unionId });
  });
});

describe("agents replying", () => {
  it("a reply to a WeCom kf customer reaches WeCom and turns SENT", async () => {
    const agent = await seedSignedInUser();
    const customer = `wm${unique()}`;
    const openKfId = `wk${unique()}`;
    await sandbox.wecom.customerSends({ openKfId, externalUserId: customer, text: "发什么快递？" });
    const conversation = await conversationOf(customer);
    const reply = await sendAgentReply(agent.sessionUser, conversation.id, { text: "顺丰，今天发出" });
    expect(reply.deliveryStatus).toBe("PENDING");
    expect((await statusOf(reply.id)).deliveryStatus).toBe("SENT");
    expect(sandbox.wecom.sent.filter((sent) => sent.toUser === customer)).toEqual([
      { openKfId, toUser: customer, msgid: expect.any(String), msgtype: "text", text: "顺丰，今天发出" },
    ]);
    const after = await db().conversation.findUniqueOrThrow({ where: { id: conversation.id } });
    expect(after).toMatchObject({
      status: "OPEN",
      assigneeId: agent.user.id,
      replyWindowRemaining: 4,
      waitingSince: null,
    });
  });

  it("a reply shows at once in the open conversation and, taken by its agent, in everyone's list", async () => {
    const agent = await seedSignedInUser();
    const customer = `o${unique()}`;
    await sandbox.wechat.customerSends(oa.appId, customer, "能开发票吗？");
    const conversation = await conversationOf(customer);
    const published = vi.spyOn(publish, "toRooms");
    const toConversation = vi.spyOn(publish, "toConversation");
    const reply = await sendAgentReply(agent.sessionUser, conversation.id, { text: "可以，下单时填写抬头" });
    expect(toConversation).toHaveBeenCalledWith(conversation.id, "message.created", reply);
    expect(published).toHaveBeenCalledWith(
      ["inbox"],
      "conversation.updated",
      expect.objectContaining({
        id: conversation.id,
        status: "OPEN",
        assigneeId: agent.user.id,
        lastMessagePreview: "可以，下单时填写抬头",
      }),
    );
  });

  it("an Official Account customer gets 5 replies per message; the sixth is refused and nothing is sent", async () => {
    const agent = await seedSignedInUser();
    const customer = `o${unique()}`;
    await sandbox.wechat.customerSends(oa.appId, customer, "优惠券怎么用？");
    const conversation = await conversationOf(customer);
    for (let i = 1; i <= 5; i += 1) await sendAgentReply(agent.sessionUser, conversation.id, { text: `第 ${i} 条` });
    expect(await codeOf(sendAgentReply(agent.sessionUser, conversation.id, { text: "第 6 条" }))).toBe(
      "REPLY_QUOTA_EXHAUSTED",
    );
    await eventually(
      async () => sandbox.wechat.sent.filter((sent) => sent.toUser === customer).length,
      (count) => count === 5,
    );
    expect(sandbox.wechat.sent.filter((sent) => sent.toUser === customer).map((sent) => sent.text)).toEqual([
      "第 1 条",
      "第 2 条",
      "第 3 条",
      "第 4 条",
      "第 5 条",
    ]);
    // The customer writes again: five more become possible.
    await sandbox.wechat.customerSends(oa.appId, customer, "还有问题");
    await eventually(
      () => db().conversation.findUniqueOrThrow({ where: { id: conversation.id } }),
      (c) => c.replyWindowRemaining === 5,
    );
    expect(await codeOf(sendAgentReply(agent.sessionUser, conversation.id, { text: "请讲" }))).toBe("sent");
  });

  it("two agents sending the last allowed reply at once: exactly one goes out", async () => {
    const [alice, bob] = [await seedSignedInUser(), await seedSignedInUser()];
    const customer = `o${unique()}`;
    await sandbox.wechat.customerSends(oa.appId, customer, "最后一条？");
    const conversation = await conversationOf(customer);
    await db().conversation.update({ where: { id: conversation.id }, data: { replyWindowRemaining: 1 } });
    const results = await Promise.all([
      codeOf(sendAgentReply(alice.sessionUser, conversation.id, { text: "A" })),
      codeOf(sendAgentReply(bob.sessionUser, conversation.id, { text: "B" })),
    ]);
    expect(results.sort()).toEqual(["REPLY_QUOTA_EXHAUSTED", "sent"]);
    expect(await db().message.count({ where: { conversationId: conversation.id, direction: "OUTBOUND" } })).toBe(1);
  });

  it("refuses a reply once 48 hours have passed since the customer's last message", async () => {
    const agent = await seedSignedInUser();
    const conversation = await conversationWithClosedWindow();
    expect(await codeOf(sendAgentReply(agent.sessionUser, conversation.id, { text: "晚了" }))).toBe(
      "REPLY_WINDOW_CLOSED",
    );
  });

  it("sending again with the same client id sends once", async () => {
    const agent = await seedSignedInUser();
    const customer = `o${unique()}`;
    await sandbox.wechat.customerSends(oa.appId, customer, "在吗");
    const conversation = await conversationOf(customer);
    const input = { text: "在的", clientMsgId: `retry${unique()}` };
    const [first, second] = await Promise.all([
      sendAgentReply(agent.sessionUser, conversation.id, input),
      sendAgentReply(agent.sessionUser, conversation.id, input),
    ]);
    expect(second.id).toBe(first.id);
    await statusOf(first.id);
    expect(sandbox.wechat.sent.filter((sent) => sent.toUser === customer)).toHaveLength(1);
  });

  it("a platform refusal marks the reply FAILED with WeCom's reason", async () => {
    const agent = await seedSignedInUser();
    const customer = `wm${unique()}`;
    await sandbox.wecom.customerSends({ openKfId: `wk${unique()}`, externalUserId: customer, text: "hi" });
    const conversation = await conversationOf(customer);
    sandbox.wecom.failNext("/cgi-bin/kf/send_msg", 95018);
    const reply = await sendAgentReply(agent.sessionUser, conversation.id, { text: "会失败" });
    const failed = await statusOf(reply.id);
    expect(failed).toMatchObject({ deliveryStatus: "FAILED", failureReason: expect.stringContaining("95018") });
  });

  it("WeCom's later msg_send_fail event marks an accepted reply FAILED", async () => {
    const agent = await seedSignedInUser();
    const customer = `wm${unique()}`;
    const openKfId = `wk${unique()}`;
    await sandbox.wecom.customerSends({ openKfId, externalUserId: customer, text: "hi" });
    const conversation = await conversationOf(customer);
    const reply = await sendAgentReply(agent.sessionUser, conversation.id, { text: "对方拒收" });
    expect((await statusOf(reply.id)).deliveryStatus).toBe("SENT");
    const msgid = sandbox.wecom.sent.find((sent) => sent.toUser === customer)?.msgid;
    sandbox.wecom.append(openKfId, {
      open_kfid: openKfId,
      origin: 4,
      msgtype: "event",
      event: {
        event_type: "msg_send_fail",
        open_kfid: openKfId,
        external_userid: customer,
        fail_msgid: msgid,
        fail_type: 10,
      },
    });
    await sandbox.wecom.sendCallback(openKfId);
    const failed = await eventually(
      () => db().message.findUniqueOrThrow({ where: { id: reply.id } }),
      (message) => message.deliveryStatus === "FAILED",
    );
    expect(failed.failureReason).toContain("用户拒收");
  });
});

describe("agents sending pictures and files", () => {
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from("a tiny picture of the parcel"),
  ]);
  const pdf = Buffer.from("%PDF-1.4 退货说明 / return instructions");

  it("a picture to a WeCom kf customer is uploaded as temporary media, sent by its id, and opens in the console", async () => {
    const agent = await seedSignedInUser();
    const customer = `wm${unique()}`;
    await sandbox.wecom.customerSends({ openKfId: `wk${unique()}`, externalUserId: customer, text: "包裹破了" });
    const conversation = await conversationOf(customer);

    const sent = await sendAgentMedia(agent.sessionUser, conversation.id, { fileName: "包裹.png", bytes: png });

    expect(sent).toMatchObject({ type: "IMAGE", text: "[图片]", deliveryStatus: "PENDING" });
    expect((await statusOf(sent.id)).deliveryStatus).toBe("SENT");
    const [delivered] = sandbox.wecom.sent.filter((message) => message.toUser === customer);
    expect(delivered?.msgtype).toBe("image");
    expect(sandbox.wecom.media.items.get(delivered?.mediaId ?? "")?.bytes.equals(png)).toBe(true);
    const media = await getMessageMedia(agent.sessionUser, sent.id);
    expect([media.contentType, media.inline, media.bytes.equals(png)]).toEqual(["image/png", true, true]);
  });

  it("a PDF to a WeCom kf customer goes as a file, under its name", async () => {
    const agent = await seedSignedInUser();
    const customer = `wm${unique()}`;
    await sandbox.wecom.customerSends({ openKfId: `wk${unique()}`, externalUserId: customer, text: "怎么退货？" });
    const conversation = await conversationOf(customer);

    const sent = await sendAgentMedia(agent.sessionUser, conversation.id, { fileName: "退货说明.pdf", bytes: pdf });

    expect(sent).toMatchObject({ type: "FILE", text: "[文件] 退货说明.pdf" });
    expect((await statusOf(sent.id)).deliveryStatus).toBe("SENT");
    const [delivered] = sandbox.wecom.sent.filter((message) => message.toUser === customer);
    expect(delivered?.msgtype).toBe("file");
    expect(sandbox.wecom.media.items.get(delivered?.mediaId ?? "")?.fileName).toBe("退货说明.pdf");
  });

  it("an Official Account customer gets pictures; a file, even one named .png, is refused and nothing is sent", async () => {
    const agent = await seedSignedInUser();
    const customer = `o${unique()}`;
    await sandbox.wechat.customerSends(oa.appId, customer, "发张图看看");
    const conversation = await conversationOf(customer);

    const picture = await sendAgentMedia(agent.sessionUser, conversation.id, { fileName: "实拍.png", bytes: png });
    expect((await statusOf(picture.id)).deliveryStatus).toBe("SENT");
    expect(await codeOf(sendAgentMedia(agent.sessionUser, conversation.id, { fileName: "伪装.png", bytes: pdf }))).toBe(
      "UNSUPPORTED_MEDIA",
    );

    expect(sandbox.wechat.sent.filter((message) => message.toUser === customer).map((m) => m.msgtype)).toEqual([
      "image",
    ]);
    expect(await db().message.count({ where: { conversationId: conversation.id, direction: "OUTBOUND" } })).toBe(1);
  });

  it("a picture after the reply window closed is refused before anything is uploaded", async () => {
    const agent = await seedSignedInUser();
    const conversation = await conversationWithClosedWindow();
    const uploadsBefore = sandbox.wechat.media.items.size;

    expect(await codeOf(sendAgentMedia(agent.sessionUser, conversation.id, { fileName: "a.png", bytes: png }))).toBe(
      "REPLY_WINDOW_CLOSED",
    );
    expect(sandbox.wechat.media.items.size).toBe(uploadsBefore);
  });
});
