// Database tests that play customers on WeChat: the sandbox, the environment pointing LoopDesk at
// it, the accounts synced, and LoopDesk's webhooks listening for the sandbox's callbacks.
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { syncEnvAccounts } from "../channels/accounts/sync-env-accounts";
import { db } from "../db/db";
import { createAppServer } from "../http/app-server";
import { handleWebhookRequest } from "../inbound/sources";
import { startSandbox } from "../sandbox/sandbox-server";
import type { SandboxWechatApp } from "../sandbox/wechat/wechat-fake";
import type { SandboxCorp } from "../sandbox/wecom/wecom-fake";
import { eventually } from "./eventually";
import { setupTestDatabase } from "./test-database";
import { setTestEnv } from "./test-env";

const credentials = (app: SandboxWechatApp | undefined) =>
  app && { appId: app.appId, secret: app.secret, token: app.token, aesKey: app.aesKey };

/** Call at a test file's top level: registers the database and the hooks, returns the sandbox. */
export async function startChannelHarness(options: {
  corp: SandboxCorp;
  officialAccount: SandboxWechatApp;
  miniProgram?: SandboxWechatApp;
}) {
  const apps = [options.officialAccount, ...(options.miniProgram ? [options.miniProgram] : [])];
  const sandbox = await startSandbox({ corp: options.corp, apps });
  setTestEnv({ WECOM_API_BASE_URL: `${sandbox.url}/wecom`, WECHAT_API_BASE_URL: `${sandbox.url}/wechat` });
  setupTestDatabase({ jobs: true });
  let app: ReturnType<typeof createAppServer>;
  beforeAll(async () => {
    await syncEnvAccounts({
      wecom: options.corp,
      officialAccount: credentials(options.officialAccount),
      miniProgram: credentials(options.miniProgram),
    });
    app = createAppServer({ handle: handleWebhookRequest, apiBodyLimitBytes: 1024, trustProxy: false });
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    sandbox.wecom.webhookUrl = `${base}/webhooks/wecom`;
    options.officialAccount.webhookUrl = `${base}/webhooks/official-account`;
    if (options.miniProgram) options.miniProgram.webhookUrl = `${base}/webhooks/mini-program`;
  });
  afterAll(async () => {
    await app.drain(1000);
    await sandbox.close();
  });
  return sandbox;
}

export const uniqueId = () => Math.random().toString(36).slice(2, 10);

/** A WeCom corp and an Official Account of one test file's own (`tag`: up to 14 letters or digits). */
export function testChannels(tag: string): { corp: SandboxCorp; officialAccount: SandboxWechatApp } {
  return {
    corp: {
      corpId: `ww${tag.padEnd(14, "0")}`,
      secret: "s",
      token: "t",
      aesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
    },
    officialAccount: {
      kind: "OFFICIAL_ACCOUNT",
      appId: `wx${tag.padStart(16, "0")}`,
      originalId: `gh_${tag}`,
      secret: "oa-secret",
      token: "oaToken",
      aesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
    },
  };
}

/** The message once its delivery has settled (SENT or FAILED), or as it stands after the wait. */
export const settledDelivery = (messageId: string) =>
  eventually(
    () => db().message.findUniqueOrThrow({ where: { id: messageId } }),
    (message) => message.deliveryStatus !== "PENDING",
  );

/** The conversation a sandbox customer's first message opened, once it has arrived. */
export async function conversationOf(externalId: string) {
  const conversation = await eventually(
    () => db().conversation.findFirst({ where: { customer: { identities: { some: { externalId } } } } }),
    (found) => found !== null,
  );
  if (!conversation) throw new Error(`no conversation for ${externalId}`);
  return conversation;
}
