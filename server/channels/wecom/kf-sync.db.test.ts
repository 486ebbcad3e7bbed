import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getMessageMedia } from "../../conversations/get-message-media";
import { db } from "../../db/db";
import { createAppServer } from "../../http/app-server";
import { handleWebhookRequest } from "../../inbound/sources";
import { resolveConversation } from "../../routing/resolve-conversation";
import { startSandbox } from "../../sandbox/sandbox-server";
import { acknowledgedBeforeACrash, sweepProcesses } from "../../testing/inbound-sweep";
import { seedSignedInUser } from "../../testing/seed";
import { setupTestDatabase } from "../../testing/test-database";
import { setTestEnv } from "../../testing/test-env";
import { getCallbackAccount } from "../accounts/get-callback-account";
import { syncEnvAccounts } from "../accounts/sync-env-accounts";
import { sealEnvelope, signEncrypted } from "../wechat-callback/callback-crypto";
import { buildWechatXml } from "../wechat-callback/wechat-xml";
import { syncKfMessages } from "./sync-kf-messages";

const corp = {
  corpId: "ww1436e0e65a779aee",
  secret: "kf-app-secret",
  token: "kfCallbackToken",
  aesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
};
const sandbox = await startSandbox({ corp });
setTestEnv({ WECOM_API_BASE_URL: `${sandbox.url}/wecom` });
setupTestDatabase({ jobs: true });

let app: ReturnType<typeof createAppServer>;
let webhook: string;

beforeAll(async () => {
  await syncEnvAccounts({ wecom: corp, officialAccount: undefined, miniProgram: undefined });
  app = createAppServer({ handle: handleWebhookRequest, apiBodyLimitBytes: 1024, trustProxy: false });
  await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
  webhook = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/webhooks/wecom`;
  sandbox.wecom.webhookUrl = webhook;
});
afterAll(async () => {
  await app.drain(1000);
  await sandbox.close();
});

const unique = () => Math.random().toString(36).slice(2, 10);

async function messagesOf(externalUserId: string, expected: number) {
  const began = Date.now();
  for (;;) {
    const messages = await db().message.findMany({
      where: { conversation: { customer: { identities: { some: { externalId: externalUserId } } } } },
      include: { conversation: { include: { channelAccount: true } } },
      orderBy: { sentAt: "asc" },
    });
    if (messages.length >= expected || Date.now() - began > 10_000) return messages;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("WeCom customer service (微信客服)", () => {
  it("answers WeCom's URL check with the decrypted echostr and nothing else", async () => {
    const echostr = sealEnvelope({ aesKey: corp.aesKey, receiveId: corp.corpId, message: "1288432023552776189" });
    const query = new URLSearchParams({ timestamp: "1700000000", nonce: "abc", echostr });
    query.set("msg_signature", signEncrypted(corp.token, "1700000000", "abc", echostr));
    const response = await fetch(`${webhook}?${query}`);
    expect([response.status, await response.text()]).toEqual([200, "1288432023552776189"]);
    query.set("msg_signature", "f".repeat(40));
    expect((await fetch(`${webhook}?${query}`)).status).toBe(401);
  });

  it("a customer's message arrives through the encrypted callback and a pull of sync_msg", async () => {
    const customer = `wm${unique()}`;
    const openKfId = `wk${unique()}`;
    const { delivery } = await sandbox.wecom.customerSends({ openKfId, externalUserId: customer, text: "转人工" });
    expect(delivery).toMatchObject({ delivered: true, tries: 1, body: "success" });
    const [message] = await messagesOf(customer, 1);
    expect(message?.text).toBe("转人工");
    expect(message?.conversation.channelAccount).toMatchObject({ kind: "WECOM_KF", openKfId, appId: corp.corpId });
    expect(message?.conversation).toMatchObject({ replyWindowKind: "MESSAGE", replyWindowRemaining: 5 });
    const pulls = sandbox.wecom.calls.filter((call) => call.path === "/cgi-bin/kf/sync_msg");
    expect(pulls.at(-1)?.body).toMatchObject({ open_kfid: openKfId, limit: 1000 });
    expect((pulls.at(-1)?.body as { token?: string } | undefined)?.token).toBeTruthy();
  });

  it("the same callback delivered 4 times, then 10 times at once, gives one message each", async () => {
    const customer = `wm${unique()}`;
    const openKfId = `wk${unique()}`;
    await sandbox.wecom.customerSends({ openKfId, externalUserId: customer, text: "一", deliver: false });
    const callback = sandbox.wecom.buildCallback(openKfId);
    for (let i = 0; i < 4; i += 1) {
      expect((await fetch(`${webhook}?${callback.query}`, { method: "POST", body: callback.body })).status).toBe(200);
    }
    await sandbox.wecom.customerSends({ openKfId, externalUserId: customer, text: "二", deliver: false });
    const burst = sandbox.wecom.buildCallback(openKfId);
    await Promise.all(
      Array.from({ length: 10 }, () => fetch(`${webhook}?${burst.query}`, { method: "POST", body: burst.body })),
    );
    await messagesOf(customer, 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await messagesOf(customer, 2)).map((m) => m.text)).toEqual(["一", "二"]);
  });

  it("callbacks arriving while a pull runs are answered by the next round and all marked processed", async () => {
    const openKfId = `wk${unique()}`;
    const customers = Array.from({ length: 8 }, () => `wm${unique()}`);
    await Promise.all(
      customers.map((customer, index) =>
        sandbox.wecom.customerSends({ openKfId, externalUserId: customer, text: `第${index}条` }),
      ),
    );
    for (const customer of customers) await messagesOf(customer, 1);
    // A callback whose message an earlier round already pulled is answered by the round after.
    await vi.waitFor(async () => {
      const callbacks = await db().inboundEvent.findMany({
        where: { source: "WECOM_KF_CALLBACK", dedupeKey: { contains: ":callback:" }, payload: { contains: openKfId } },
      });
      expect(callbacks).toHaveLength(8);
      expect(callbacks.filter((callback) => callback.processedAt === null || callback.lastError)).toEqual([]);
    });
    const pulls = sandbox.wecom.calls.filter(
      (call) => call.path === "/cgi-bin/kf/sync_msg" && (call.body as { open_kfid?: string }).open_kfid === openKfId,
    );
    // Callbacks that arrive during a pull share the next one instead of each pulling.
    expect(pulls.length).toBeLessThan(8);
    const cursor = await db().syncCursor.findFirstOrThrow({ where: { scope: openKfId } });
    expect(cursor.leasedBy).toBeNull();
  });

  it("one customer's burst, pulled over overlapping rounds, reads in the order it was sent", async () => {
    const openKfId = `wk${unique()}`;
    const customer = `wm${unique()}`;
    const texts = Array.from({ length: 15 }, (_, index) => `第${index + 1}句`);
    // The first six at once (one page, or a few); the rest one by one, each with its own callback,
    // so later pulls overlap the ingestion of earlier rounds.
    await Promise.all(
      texts.slice(0, 6).map((text) => sandbox.wecom.customerSends({ openKfId, externalUserId: customer, text })),
    );
    for (const text of texts.slice(6)) await sandbox.wecom.customerSends({ openKfId, externalUserId: customer, text });
    const stored = await messagesOf(customer, texts.length);
    // As the workspace lists them: sentAt (whole seconds from WeCom), then id.
    const listed = [...stored].sort(
      (a, b) => a.sentAt.getTime() - b.sentAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    expect(listed.map((message) => message.text)).toEqual(texts);
  });

  it("many different callbacks at once for one kf account all get their messages through", async () => {
    const openKfId = `wk${unique()}`;
    const customers = Array.from({ length: 12 }, () => `wm${unique()}`);
    await Promise.all(
      customers.map((customer) =>
        sandbox.wecom.customerSends({ openKfId, externalUserId: customer, text: `并发 ${customer}` }),
      ),
    );
    for (const customer of customers)
      expect((await messagesOf(customer, 1)).map((m) => m.text)).toEqual([`并发 ${customer}`]);
  });

  it("names customers from WeCom's profile; one person on two kf accounts is one customer, by unionid", async () => {
    const customer = `wm${unique()}`;
    sandbox.wecom.profiles.set(customer, {
      nickname: "张伟",
      avatar: "https://wework.qpic.cn/a.png",
      unionid: `u${unique()}`,
    });
    const [presale, aftersale] = [`wk${unique()}`, `wk${unique()}`];
    await sandbox.wecom.customerSends({ openKfId: presale, externalUserId: customer, text: "售前问题" });
    await sandbox.wecom.customerSends({ openKfId: aftersale, externalUserId: customer, text: "售后问题" });
    const messages = await messagesOf(customer, 2);
    expect(new Set(messages.map((m) => m.conversation.channelAccount.openKfId))).toEqual(new Set([presale, aftersale]));
    const identities = await db().customerIdentity.findMany({
      where: { externalId: customer },
      include: { customer: true },
    });
    expect(identities).toHaveLength(2);
    expect(new Set(identities.map((identity) => identity.customerId)).size).toBe(1);
    expect(identities[0]?.customer).toMatchObject({ name: "张伟", avatarUrl: "https://wework.qpic.cn/a.png" });
  });

  it("shows what a servicer wrote in the WeCom app as an agent message already sent", async () => {
    const customer = `wm${unique()}`;
    const openKfId = `wk${unique()}`;
    await sandbox.wecom.customerSends({ openKfId, externalUserId: customer, text: "有人吗？" });
    sandbox.wecom.append(openKfId, {
      open_kfid: openKfId,
      external_userid: customer,
      origin: 5,
      servicer_userid: "LiLei",
      msgtype: "text",
      text: { content: "我是客服李雷，请讲" },
    });
    await sandbox.wecom.sendCallback(openKfId);
    const messages = await messagesOf(customer, 2);
    expect(messages.map((m) => [m.direction, m.senderKind, m.deliveryStatus, m.text])).toEqual([
      ["INBOUND", "CUSTOMER", null, "有人吗？"],
      ["OUTBOUND", "AGENT", "SENT", "我是客服李雷，请讲"],
    ]);
  });

  it("claims a new kf session for LoopDesk (state 1) so that WeCom's routing cannot take it away", async () => {
    const customer = `wm${unique()}`;
    const openKfId = `wk${unique()}`;
    await sandbox.wecom.customerSends({ openKfId, externalUserId: customer, text: "你好" });
    await messagesOf(customer, 1);
    const began = Date.now();
    while (sandbox.wecom.sessionStates.get(`${openKfId}:${customer}`) !== 1 && Date.now() - began < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(sandbox.wecom.sessionStates.get(`${openKfId}:${customer}`)).toBe(1);
    const conversation = await db().conversation.findFirstOrThrow({
      where: { customer: { identities: { some: { externalId: customer } } } },
    });
    expect(conversation.wecomServiceState).toBe(1);
  });

  it("resolving a kf conversation ends the WeCom session; the closing message goes out on that event, once", async () => {
    const customer = `wm${unique()}`;
    const openKfId = `wk${unique()}`;
    await sandbox.wecom.customerSends({ openKfId, externalUserId: customer, text: "谢谢，没问题了" });
    await messagesOf(customer, 1);
    await vi.waitFor(() => expect(sandbox.wecom.sessionStates.get(`${openKfId}:${customer}`)).toBe(1), {
      timeout: 10_000,
    });
    const conversation = await db().conversation.findFirstOrThrow({
      where: { customer: { identities: { some: { externalId: customer } } } },
    });
    const agent = await seedSignedInUser({ role: "SUPERVISOR" });
    await resolveConversation(agent.sessionUser, conversation.id, { closingMessage: "感谢咨询，祝您生活愉快！" });

    await vi.waitFor(
      async () => {
        const closing = await db().message.findFirstOrThrow({
          where: { conversationId: conversation.id, direction: "OUTBOUND" },
        });
        expect(closing).toMatchObject({ text: "感谢咨询，祝您生活愉快！", deliveryStatus: "SENT" });
      },
      { timeout: 10_000 },
    );
    expect(sandbox.wecom.sessionStates.get(`${openKfId}:${customer}`)).toBe(4);
    expect(sandbox.wecom.sent.filter((sent) => sent.toUser === customer).map((sent) => sent.text)).toEqual([
      "感谢咨询，祝您生活愉快！",
    ]);
    const onEvent = sandbox.wecom.calls.filter(
      (call) => call.path === "/cgi-bin/kf/send_msg_on_event" && JSON.stringify(call.body).includes("感谢咨询"),
    );
    expect(onEvent).toHaveLength(1);
    expect((await db().conversation.findUniqueOrThrow({ where: { id: conversation.id } })).wecomServiceState).toBe(4);
  });

  it("an agent opens a customer's picture: fetched from WeCom's media API by id, and only by id", async () => {
    const customer = `wm${unique()}`;
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      "base64",
    );
    const mediaId = sandbox.wecom.storeMedia("image/png", png, "scratch.png");
    await sandbox.wecom.customerSends({
      openKfId: `wk${unique()}`,
      externalUserId: customer,
      msgtype: "image",
      payload: { media_id: mediaId },
    });
    const [message] = await messagesOf(customer, 1);
    expect(message?.text).toBe("[图片]");
    const agent = await seedSignedInUser();
    const media = await getMessageMedia(agent.sessionUser, message?.id ?? "");
    expect([media.contentType, media.inline, media.bytes.equals(png)]).toEqual(["image/png", true, true]);
    sandbox.wecom.media.items.delete(mediaId);
    await expect(getMessageMedia(agent.sessionUser, message?.id ?? "")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a sync interrupted mid-page resumes from the saved cursor with no gap and no duplicate", async () => {
    const openKfId = `wk${unique()}`;
    const customers = Array.from({ length: 12 }, () => `wm${unique()}`);
    for (let i = 0; i < 1100; i += 1) {
      sandbox.wecom.append(openKfId, {
        open_kfid: openKfId,
        external_userid: customers[i % customers.length],
        origin: 3,
        msgtype: "text",
        text: { content: `消息 ${i}` },
      });
    }
    const connection = await getCallbackAccount("WECOM_KF");
    sandbox.wecom.failNext("/cgi-bin/kf/sync_msg", -1, { skip: 1, openKfId });
    await expect(syncKfMessages({ connection, openKfId })).rejects.toThrow(/-1/);
    const kfAccount = await db().channelAccount.findFirstOrThrow({ where: { openKfId } });
    expect(await db().message.count({ where: { channelAccountId: kfAccount.id } })).toBe(1000);

    const resumed = await syncKfMessages({ connection, openKfId });
    expect(resumed).toMatchObject({ pages: 1, stored: 100 });
    const texts = (
      await db().message.findMany({ where: { channelAccountId: kfAccount.id }, select: { text: true } })
    ).map((m) => m.text);
    expect(texts).toHaveLength(1100);
    expect(new Set(texts).size).toBe(1100);
    expect(await db().conversation.count({ where: { channelAccountId: kfAccount.id } })).toBe(12);
  });

  it("a kf callback acknowledged just before a crash is pulled by the sweep job", async () => {
    const customer = `wm${unique()}`;
    const openKfId = `wk${unique()}`;
    await sandbox.wecom.customerSends({ openKfId, externalUserId: customer, text: "重启前的消息", deliver: false });
    // What the acknowledgement stores: the decrypted callback, processed in memory until the crash.
    const connection = await getCallbackAccount("WECOM_KF");
    const eventId = await acknowledgedBeforeACrash({
      source: "WECOM_KF_CALLBACK",
      channelAccountId: connection.id,
      dedupeKey: `callback:${unique()}`,
      payload: buildWechatXml({
        ToUserName: corp.corpId,
        CreateTime: Math.floor(Date.now() / 1000),
        MsgType: "event",
        Event: "kf_msg_or_event",
        OpenKfId: openKfId,
      }),
    });
    expect(await messagesOf(customer, 0)).toHaveLength(0);
    expect(await sweepProcesses(eventId)).toBe(true);
    expect((await messagesOf(customer, 1)).map((m) => m.text)).toEqual(["重启前的消息"]);
  });

  it("refreshes an access token WeCom invalidated early, once, and goes on", async () => {
    const openKfId = `wk${unique()}`;
    const customer = `wm${unique()}`;
    const pulls = () =>
      sandbox.wecom.calls.filter(
        (call) => call.path === "/cgi-bin/kf/sync_msg" && (call.body as { open_kfid?: string }).open_kfid === openKfId,
      ).length;
    await sandbox.wecom.customerSends({ openKfId, externalUserId: customer, text: "token?", deliver: false });
    const connection = await getCallbackAccount("WECOM_KF");
    // Revoked, and this pull told so: earlier tests' claim jobs may meet the revocation first and
    // fetch the fresh token before this pull, which would then never see a 40014.
    sandbox.wecom.revokeTokens();
    sandbox.wecom.failNext("/cgi-bin/kf/sync_msg", 40014, { openKfId });
    await syncKfMessages({ connection, openKfId });
    expect((await messagesOf(customer, 1)).map((m) => m.text)).toEqual(["token?"]);
    // One call refused with 40014, one refresh, one retry that succeeds.
    expect(pulls()).toBe(2);

    // Refused again after the refresh: the pull gives up (the sweep tries later), never a loop.
    await sandbox.wecom.customerSends({ openKfId, externalUserId: customer, text: "again?", deliver: false });
    sandbox.wecom.failNext("/cgi-bin/kf/sync_msg", 40014, { openKfId });
    sandbox.wecom.failNext("/cgi-bin/kf/sync_msg", 40014, { openKfId });
    await expect(syncKfMessages({ connection, openKfId })).rejects.toThrow(/40014/);
    expect(pulls()).toBe(4);
    await syncKfMessages({ connection, openKfId });
    expect((await messagesOf(customer, 2)).map((m) => m.text)).toEqual(["token?", "again?"]);
  });

  it("refuses a callback encrypted for another corp, and an unknown connection, storing nothing", async () => {
    const before = await db().inboundEvent.count();
    const stranger = await startSandbox({ corp: { ...corp, corpId: "wwother0000000000" } });
    const foreign = stranger.wecom.buildCallback("wk1");
    expect((await fetch(`${webhook}?${foreign.query}`, { method: "POST", body: foreign.body })).status).toBe(400);
    const ours = sandbox.wecom.buildCallback("wk1");
    expect((await fetch(`${webhook}/unknown-channel?${ours.query}`, { method: "POST", body: ours.body })).status).toBe(
      404,
    );
    expect(await db().inboundEvent.count()).toBe(before);
    await stranger.close();
  });
});
