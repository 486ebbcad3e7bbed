import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/db";
import type { SandboxWechatApp } from "../sandbox/wechat/wechat-fake";
import { conversationOf, settledDelivery, startChannelHarness, uniqueId as unique } from "../testing/channel-harness";
import { eventually } from "../testing/eventually";
import { seedSignedInUser } from "../testing/seed";
import { claimConversation } from "./claim-conversation";
import { sendQueueNotice } from "./queue-notice";
import { requeueOfflineAgents } from "./requeue-agent";

const corp = {
  corpId: "wwqueuenotice001",
  secret: "kf-secret",
  token: "kfToken",
  aesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
};
const oa: SandboxWechatApp = {
  kind: "OFFICIAL_ACCOUNT",
  appId: "wx00000000000000qn",
  originalId: "gh_queue",
  secret: "oa-secret",
  token: "oaToken",
  aesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};
const sandbox = await startChannelHarness({ corp, officialAccount: oa });
const openKfId = `wk${unique()}`;
const NOTICE = "{{customer.name}}，您排在第 {{queue.position}} 位，请稍候";

const noticesOf = (conversationId: string) =>
  db().message.findMany({ where: { conversationId, senderKind: "SYSTEM", direction: "OUTBOUND" } });

beforeAll(async () => {
  // The kf account appears in LoopDesk with its first customer; the notice is set up after that.
  const first = `wm${unique()}`;
  await sandbox.wecom.customerSends({ openKfId, externalUserId: first, text: "在吗" });
  await conversationOf(first);
  await db().channelAccount.updateMany({ where: { openKfId }, data: { queueNotice: NOTICE } });
  await db().channelAccount.updateMany({ where: { appId: oa.appId }, data: { queueNotice: NOTICE } });
});

describe("customers left waiting in the queue", () => {
  it("hear once, on WeCom kf and on the Official Account, that they wait and where they stand", async () => {
    const kfCustomer = `wm${unique()}`;
    const oaCustomer = `o${unique()}`;
    sandbox.wecom.profiles.set(kfCustomer, { nickname: "周敏", avatar: "" });
    await sandbox.wecom.customerSends({ openKfId, externalUserId: kfCustomer, text: "我的快递到哪了" });
    await sandbox.wechat.customerSends(oa.appId, oaCustomer, "转人工");
    const kf = await conversationOf(kfCustomer);
    const official = await conversationOf(oaCustomer);

    for (const conversation of [kf, official]) {
      const [notice] = await eventually(
        () => noticesOf(conversation.id),
        (found) => found.length > 0,
      );
      expect(notice).toBeDefined();
      if (!notice) continue;
      expect(notice.text).toMatch(/，您排在第 \d+ 位，请稍候$/);
      expect((await settledDelivery(notice.id)).deliveryStatus).toBe("SENT");
      // One reply of five spent; the customer still waits for a person.
      expect(await db().conversation.findUniqueOrThrow({ where: { id: conversation.id } })).toMatchObject({
        status: "QUEUED",
        replyWindowRemaining: 4,
        firstResponseAt: null,
        waitingSince: conversation.waitingSince,
        // The inbox keeps showing what the customer wrote.
        lastMessagePreview: conversation.lastMessagePreview,
      });
    }
    expect((await noticesOf(kf.id))[0]?.text).toMatch(/^周敏，/);
    expect(sandbox.wecom.sent.filter((sent) => sent.toUser === kfCustomer)).toEqual([
      expect.objectContaining({ openKfId, msgtype: "text", text: expect.stringMatching(/^周敏，您排在第 \d+ 位/) }),
    ]);
    expect(sandbox.wechat.sent.filter((sent) => sent.toUser === oaCustomer)).toHaveLength(1);

    // Writing again while queued does not repeat it; nor does a retry of the same notice.
    await sandbox.wecom.customerSends({ openKfId, externalUserId: kfCustomer, text: "有人吗" });
    await eventually(
      () => db().conversation.findUniqueOrThrow({ where: { id: kf.id } }),
      (conversation) => conversation.unreadCount === 2,
    );
    const queuedAt = (await db().conversation.findUniqueOrThrow({ where: { id: kf.id } })).queuedAt;
    if (!queuedAt) throw new Error("the conversation left the queue");
    expect(await sendQueueNotice(kf.id, queuedAt)).toBe("already-sent");
    expect(await noticesOf(kf.id)).toHaveLength(1);
  });

  it("a conversation an agent has taken meanwhile gets no notice", async () => {
    const agent = await seedSignedInUser();
    const customer = `o${unique()}`;
    await sandbox.wechat.customerSends(oa.appId, customer, "发货了吗");
    const conversation = await conversationOf(customer);
    await claimConversation(agent.sessionUser, conversation.id);
    if (!conversation.queuedAt) throw new Error("not queued");
    expect(await sendQueueNotice(conversation.id, conversation.queuedAt)).toBe("not-waiting");
    expect(await noticesOf(conversation.id)).toHaveLength(0);
  });

  it("never spends the last reply the window allows: that one is the agent's", async () => {
    const customer = `o${unique()}`;
    await sandbox.wechat.customerSends(oa.appId, customer, "你好");
    const conversation = await conversationOf(customer);
    await db().conversation.update({ where: { id: conversation.id }, data: { replyWindowRemaining: 1 } });
    if (!conversation.queuedAt) throw new Error("not queued");
    expect(await sendQueueNotice(conversation.id, conversation.queuedAt)).toBe("no-reply-to-spare");
    expect(await db().conversation.findUniqueOrThrow({ where: { id: conversation.id } })).toMatchObject({
      replyWindowRemaining: 1,
    });
    expect(await noticesOf(conversation.id)).toHaveLength(0);
  });

  it("a channel without a notice sends nothing", async () => {
    await db().channelAccount.updateMany({ where: { appId: oa.appId }, data: { queueNotice: null } });
    try {
      const customer = `o${unique()}`;
      await sandbox.wechat.customerSends(oa.appId, customer, "你好");
      const conversation = await conversationOf(customer);
      if (!conversation.queuedAt) throw new Error("not queued");
      expect(await sendQueueNotice(conversation.id, conversation.queuedAt)).toBe("off");
      expect(await noticesOf(conversation.id)).toHaveLength(0);
    } finally {
      await db().channelAccount.updateMany({ where: { appId: oa.appId }, data: { queueNotice: NOTICE } });
    }
  });

  it("a customer whose agent went offline before answering hears it then, and only once for one message", async () => {
    const agent = await seedSignedInUser();
    const customer = `o${unique()}`;
    await db().channelAccount.updateMany({ where: { appId: oa.appId }, data: { queueNotice: null } });
    await sandbox.wechat.customerSends(oa.appId, customer, "还在吗");
    const conversation = await conversationOf(customer);
    await db().channelAccount.updateMany({ where: { appId: oa.appId }, data: { queueNotice: NOTICE } });

    const leaveBeforeAnswering = async () => {
      await claimConversation(agent.sessionUser, conversation.id);
      await db().user.update({ where: { id: agent.user.id }, data: { presence: "OFFLINE" } });
      expect(await requeueOfflineAgents(agent.user.id)).toEqual([conversation.id]);
    };
    await leaveBeforeAnswering();
    const [notice] = await eventually(
      () => noticesOf(conversation.id),
      (found) => found.length > 0,
    );
    expect(notice?.text).toMatch(/您排在第 \d+ 位，请稍候$/);

    // Taken and left again with no new word from the customer: nothing more is sent.
    await leaveBeforeAnswering();
    const { queuedAt } = await db().conversation.findUniqueOrThrow({ where: { id: conversation.id } });
    if (!queuedAt) throw new Error("not queued");
    expect(await sendQueueNotice(conversation.id, queuedAt)).toBe("already-sent");
    expect(await noticesOf(conversation.id)).toHaveLength(1);
  });
});
