import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/db";
import { createAppServer } from "../../http/app-server";
import { handleWebhookRequest } from "../../inbound/sources";
import { storeInboundEvent } from "../../inbound/store-inbound-event";
import {
  buildPushCallback,
  type PushCallback,
  type SandboxWechatAccount,
  textPush,
} from "../../sandbox/official-account/build-push-callback";
import { acknowledgedBeforeACrash, sweepProcesses } from "../../testing/inbound-sweep";
import { setupTestDatabase } from "../../testing/test-database";
import { syncEnvAccounts } from "../accounts/sync-env-accounts";
import { sealEnvelope, signEncrypted } from "../wechat-callback/callback-crypto";
import { buildWechatXml } from "../wechat-callback/wechat-xml";

setupTestDatabase();

const oa: SandboxWechatAccount = {
  appId: "wx1234567890abcdef",
  originalId: "gh_loopdesk",
  token: "oatoken123",
  aesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};
const mp: SandboxWechatAccount = {
  appId: "wxfedcba0987654321",
  originalId: "gh_mini",
  token: "mptoken",
  aesKey: oa.aesKey,
};

let app: ReturnType<typeof createAppServer>;
let base: string;

beforeAll(async () => {
  await syncEnvAccounts({
    wecom: undefined,
    officialAccount: { appId: oa.appId, secret: "oa-secret", token: oa.token, aesKey: oa.aesKey },
    miniProgram: { appId: mp.appId, secret: "mp-secret", token: mp.token, aesKey: mp.aesKey },
  });
  app = createAppServer({ handle: handleWebhookRequest, apiBodyLimitBytes: 1024, trustProxy: false });
  await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(() => app.drain(1000));

const post = (path: string, callback: PushCallback) =>
  fetch(`${base}${path}?${callback.query}`, {
    method: "POST",
    body: callback.body,
    headers: { "content-type": "text/xml" },
  });

const openId = () => `o${Math.random().toString(36).slice(2, 14)}`;

async function messagesFrom(externalId: string, expected: number) {
  const began = Date.now();
  for (;;) {
    const messages = await db().message.findMany({
      where: { conversation: { customer: { identities: { some: { externalId } } } } },
      include: { conversation: true },
    });
    if (messages.length >= expected || Date.now() - began > 5_000) return messages;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const storedEvents = () => db().inboundEvent.count();

describe("Official Account callbacks", () => {
  it("answer WeChat's URL check by echoing echostr when the signature is right", async () => {
    const { query } = buildPushCallback({ account: oa, fields: {}, mode: "plain" });
    query.set("echostr", "5838479218127813673");
    const response = await fetch(`${base}/webhooks/official-account?${query}`);
    expect([response.status, await response.text()]).toEqual([200, "5838479218127813673"]);
    query.set("nonce", "tampered");
    expect((await fetch(`${base}/webhooks/official-account?${query}`)).status).toBe(401);
  });

  it("a customer's message in safe mode opens a conversation with one message and a 48 h window", async () => {
    const customer = openId();
    const response = await post(
      "/webhooks/official-account",
      buildPushCallback({
        account: oa,
        fields: textPush(customer, "我的快递到哪了？"),
        mode: "safe",
      }),
    );
    expect([response.status, await response.text()]).toEqual([200, "success"]);
    const [message] = await messagesFrom(customer, 1);
    expect(message?.text).toBe("我的快递到哪了？");
    expect(message?.conversation).toMatchObject({
      status: "QUEUED",
      replyWindowKind: "MESSAGE",
      replyWindowRemaining: 5,
    });
    const windowMs = (message?.conversation.replyWindowExpiresAt?.getTime() ?? 0) - (message?.sentAt.getTime() ?? 0);
    expect(windowMs).toBe(48 * 3600_000);
  });

  it("the same callback delivered 4 times, then 10 times at once, stores one message", async () => {
    const customer = openId();
    const callback = buildPushCallback({ account: oa, fields: textPush(customer, "在吗"), mode: "safe" });
    for (let i = 0; i < 4; i += 1) expect((await post("/webhooks/official-account", callback)).status).toBe(200);
    const burst = buildPushCallback({ account: oa, fields: textPush(customer, "有人吗"), mode: "safe" });
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () => post("/webhooks/official-account", burst).then((r) => r.status)),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);
    const messages = await messagesFrom(customer, 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await messagesFrom(customer, 2)).map((m) => m.text).sort()).toEqual(["在吗", "有人吗"].sort());
    expect(new Set(messages.map((m) => m.conversationId)).size).toBe(1);
  });

  it("a mini program's JSON push in safe mode becomes a message on the mini-program channel", async () => {
    const customer = openId();
    const mini = buildPushCallback({
      account: mp,
      fields: textPush(customer, "小程序下单后多久发货？"),
      mode: "safe",
      format: "json",
    });
    expect((await post("/webhooks/mini-program", mini)).status).toBe(200);
    const [message] = await messagesFrom(customer, 1);
    const channel = await db().channelAccount.findUniqueOrThrow({ where: { id: message?.channelAccountId ?? "" } });
    expect([message?.text, channel.kind]).toEqual(["小程序下单后多久发货？", "MINI_PROGRAM"]);
  });

  it("a callback acknowledged just before a crash is processed by the sweep job", async () => {
    const customer = openId();
    const account = await db().channelAccount.findFirstOrThrow({ where: { appId: oa.appId } });
    const payload = buildWechatXml({ ToUserName: oa.originalId, ...textPush(customer, "崩溃前收到的消息") });
    const eventId = await acknowledgedBeforeACrash({
      source: "OFFICIAL_ACCOUNT",
      channelAccountId: account.id,
      dedupeKey: customer,
      payload,
    });
    expect(await messagesFrom(customer, 0)).toHaveLength(0);
    expect(await sweepProcesses(eventId)).toBe(true);
    expect((await messagesFrom(customer, 1)).map((m) => m.text)).toEqual(["崩溃前收到的消息"]);
  });

  it("acknowledgements written together store each event once and tell every copy whether it was first", async () => {
    const account = await db().channelAccount.findFirstOrThrow({ where: { appId: oa.appId } });
    const keys = Array.from({ length: 20 }, () => openId());
    const copies = [...keys, ...keys, ...keys.slice(0, 5)];
    const results = await Promise.all(
      copies.map((dedupeKey) =>
        storeInboundEvent({ source: "OFFICIAL_ACCOUNT", channelAccountId: account.id, dedupeKey, payload: "<xml/>" }),
      ),
    );
    const firsts = results.flatMap((result) => (result ? [result.dedupeKey] : []));
    // As stored: prefixed with the account.
    expect(firsts.sort()).toEqual(keys.map((key) => `${account.id}:${key}`).sort());
    const rows = await db().inboundEvent.findMany({
      where: { dedupeKey: { in: keys.map((k) => `${account.id}:${k}`) } },
    });
    expect(rows.map((row) => row.id).sort()).toEqual(results.flatMap((result) => (result ? [result.id] : [])).sort());
  });
});

describe("bad callbacks get a clear status and store nothing", () => {
  const cases: [string, () => Promise<Response>, number][] = [
    [
      "a wrong signature",
      () => {
        const callback = buildPushCallback({ account: oa, fields: textPush(openId(), "x"), mode: "safe" });
        callback.query.set("signature", "0".repeat(40));
        return post("/webhooks/official-account", callback);
      },
      401,
    ],
    [
      "no signature at all",
      () =>
        fetch(`${base}/webhooks/official-account`, { method: "POST", body: buildWechatXml(textPush(openId(), "x")) }),
      401,
    ],
    [
      "a right signature over a message encrypted for another AppID",
      () => {
        const callback = buildPushCallback({
          account: { ...oa, appId: "wx0000000000000000" },
          fields: textPush(openId(), "x"),
          mode: "safe",
        });
        return post("/webhooks/official-account", callback);
      },
      400,
    ],
    [
      "corrupted padding under a valid signature",
      () => {
        const callback = buildPushCallback({ account: oa, fields: textPush(openId(), "x"), mode: "plain" });
        const bytes = Buffer.from(
          sealEnvelope({ aesKey: oa.aesKey ?? "", receiveId: oa.appId, message: callback.body }),
          "base64",
        );
        bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x3c;
        const encrypted = bytes.toString("base64");
        const query = new URLSearchParams(callback.query);
        query.set("encrypt_type", "aes");
        query.set(
          "msg_signature",
          signEncrypted(oa.token, query.get("timestamp") ?? "", query.get("nonce") ?? "", encrypted),
        );
        return post("/webhooks/official-account", {
          query,
          body: buildWechatXml({ ToUserName: oa.originalId, Encrypt: encrypted }),
        });
      },
      400,
    ],
    [
      "XML with an external entity (XXE)",
      () => {
        const callback = buildPushCallback({ account: oa, fields: {}, mode: "plain" });
        const body =
          '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&e;</Content><MsgId>1</MsgId></xml>';
        return post("/webhooks/official-account", { query: callback.query, body });
      },
      422,
    ],
    [
      "a billion-laughs XML bomb",
      () => {
        const callback = buildPushCallback({ account: oa, fields: {}, mode: "plain" });
        const entities = Array.from({ length: 10 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join("");
        const body = `<!DOCTYPE xml [<!ENTITY l0 "lol">${entities}]><xml><Content>&l10;</Content></xml>`;
        return post("/webhooks/official-account", { query: callback.query, body });
      },
      422,
    ],
    [
      "a 10 MB body",
      () => {
        const callback = buildPushCallback({ account: oa, fields: {}, mode: "plain" });
        return post("/webhooks/official-account", { query: callback.query, body: "x".repeat(10 * 1024 * 1024) });
      },
      413,
    ],
    [
      "an unknown account",
      () =>
        post(
          "/webhooks/official-account/no-such-channel",
          buildPushCallback({ account: oa, fields: textPush(openId(), "x"), mode: "plain" }),
        ),
      404,
    ],
    [
      "malformed JSON from a mini program",
      () => {
        const callback = buildPushCallback({ account: mp, fields: {}, mode: "plain" });
        return post("/webhooks/mini-program", { query: callback.query, body: '{"ToUserName": "gh", "MsgType": ' });
      },
      400,
    ],
    [
      "a message missing its required fields",
      () =>
        post(
          "/webhooks/official-account",
          buildPushCallback({ account: oa, fields: { MsgType: "text", Content: "no sender" }, mode: "plain" }),
        ),
      422,
    ],
  ];

  for (const [name, send, status] of cases) {
    it(name, async () => {
      const before = await storedEvents();
      const response = await send();
      expect(response.status).toBe(status);
      expect(await storedEvents()).toBe(before);
    });
  }
});
