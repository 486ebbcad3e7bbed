import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/db";
import { createAppServer } from "../../http/app-server";
import { handleWebhookRequest } from "../../inbound/sources";
import { buildPushCallback, textPush } from "../../sandbox/official-account/build-push-callback";
import { seedSignedInUser } from "../../testing/seed";
import { setupTestDatabase } from "../../testing/test-database";
import { cachedCallbackAccounts } from "./get-callback-account";
import {
  createChannelAccount,
  listChannelAccounts,
  updateChannelAccount,
  updateChannelAccountSchema,
} from "./manage-channel-accounts";

setupTestDatabase();

let app: ReturnType<typeof createAppServer>;
let base: string;
beforeAll(async () => {
  app = createAppServer({ handle: handleWebhookRequest, apiBodyLimitBytes: 1024, trustProxy: false });
  await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(() => app.drain(1000));

const oa = {
  kind: "OFFICIAL_ACCOUNT" as const,
  name: "品牌服务号",
  appId: "wx00000000000000ab",
  secret: "the-app-secret-value",
  token: "SettingsToken1",
  aesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};

describe("connecting WeChat accounts in Settings", () => {
  it("an admin connects an Official Account: secrets are sealed and never come back", async () => {
    const admin = await seedSignedInUser({ role: "ADMIN" });
    const created = await createChannelAccount(admin.sessionUser, oa, null);
    expect(created).toMatchObject({ kind: "OFFICIAL_ACCOUNT", hasSecret: true, hasToken: true, hasAesKey: true });
    expect(created.webhookPath).toBe(`/webhooks/official-account/${created.id}`);
    const everything = JSON.stringify([created, await listChannelAccounts()]);
    for (const value of [oa.secret, oa.token, oa.aesKey]) expect(everything).not.toContain(value);
    const row = await db().channelAccount.findUniqueOrThrow({ where: { id: created.id } });
    for (const value of [row.secretEnc, row.tokenEnc, row.aesKeyEnc]) expect(value).toMatch(/^v1:/);
    const audit = await db().auditLog.findFirstOrThrow({ where: { subjectId: created.id } });
    expect(JSON.stringify(audit.details)).not.toContain(oa.secret);
  });

  it("WeChat's callbacks to the account's own URL are verified with its token, until it is disabled", async () => {
    const admin = await seedSignedInUser({ role: "ADMIN" });
    const account = await createChannelAccount(admin.sessionUser, { ...oa, appId: "wx00000000000000cd" }, null);
    const send = (text: string) => {
      const callback = buildPushCallback({
        account: { appId: "wx00000000000000cd", originalId: "gh_settings", token: oa.token, aesKey: oa.aesKey },
        fields: textPush("oSettingsCustomer", text),
        mode: "safe",
      });
      return fetch(`${base}${account.webhookPath}?${callback.query}`, { method: "POST", body: callback.body });
    };
    expect((await send("你好")).status).toBe(200);
    await updateChannelAccount(admin.sessionUser, account.id, { enabled: false }, null);
    expect((await send("还在吗")).status).toBe(404);
  });

  it("callbacks to a thousand and more made-up channel URLs get 404 and leave the account cache bounded", async () => {
    const admin = await seedSignedInUser({ role: "ADMIN" });
    const account = await createChannelAccount(admin.sessionUser, { ...oa, appId: "wx0000000000000f1d" }, null);
    const callback = buildPushCallback({
      account: { appId: "wx0000000000000f1d", originalId: "gh_flood", token: oa.token, aesKey: oa.aesKey },
      fields: textPush("oFloodCustomer", "你好"),
      mode: "safe",
    });
    const send = (path: string) => fetch(`${base}${path}?${callback.query}`, { method: "POST", body: callback.body });
    for (let start = 0; start < 1_200; start += 50) {
      const statuses = await Promise.all(
        Array.from({ length: 50 }, (_, index) => send(`/webhooks/official-account/made-up-${start + index}`)),
      );
      expect(new Set(statuses.map((response) => response.status))).toEqual(new Set([404]));
    }
    expect(cachedCallbackAccounts()).toBeLessThanOrEqual(1_000);
    expect((await send(account.webhookPath ?? "")).status).toBe(200);
  });

  it("refuses a second connection of the same account", async () => {
    const admin = await seedSignedInUser({ role: "ADMIN" });
    await createChannelAccount(admin.sessionUser, { ...oa, appId: "wx00000000000000ef" }, null);
    await expect(
      createChannelAccount(admin.sessionUser, { ...oa, appId: "wx00000000000000ef" }, null),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("an admin sets what waiting customers are told; clearing it turns it off; a WeCom connection has none", async () => {
    const admin = await seedSignedInUser({ role: "ADMIN" });
    const account = await createChannelAccount(admin.sessionUser, { ...oa, appId: "wx00000000000000f1" }, null);
    const set = (id: string, body: unknown) =>
      updateChannelAccount(admin.sessionUser, id, updateChannelAccountSchema.parse(body), null);
    expect(await set(account.id, { queueNotice: "  您排在第 {{queue.position}} 位  " })).toMatchObject({
      queueNotice: "您排在第 {{queue.position}} 位",
      hasConversations: true,
    });
    expect(await set(account.id, { queueNotice: "   " })).toMatchObject({ queueNotice: null });
    expect(() => updateChannelAccountSchema.parse({ queueNotice: "排".repeat(201) })).toThrow();

    const wecom = await createChannelAccount(
      admin.sessionUser,
      { kind: "WECOM_KF", name: "企业微信", appId: "wwsettings0001", secret: "s", token: "t", aesKey: oa.aesKey },
      null,
    );
    expect(wecom.hasConversations).toBe(false);
    await expect(set(wecom.id, { queueNotice: "请稍候" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect((await db().channelAccount.findUniqueOrThrow({ where: { id: wecom.id } })).queueNotice).toBeNull();
  });
});
