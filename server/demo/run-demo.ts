// `npm run demo`: LoopDesk with demo people, and the WeChat sandbox in the same process playing the
// other side — WeCom customer service, an Official Account and a mini program, with customers who
// write. Everything runs on loopback; nothing needs an account, a database server or the internet.
import { parseConfig } from "../env";
import { subscribeSandboxErp } from "../sandbox/erp/subscribe-erp";
import { startSandbox } from "../sandbox/sandbox-server";
import { startScenarioDriver } from "../sandbox/scenario/scenario-driver";
import { startShopDriver } from "../sandbox/shop/shop-driver";
import { WEBHOOK_EVENT_TYPES } from "../webhooks/webhook-events";
import {
  DEMO_CORP,
  DEMO_COUPON_STOCK,
  DEMO_LLM,
  DEMO_MINI_PROGRAM,
  DEMO_MP_TEMPLATE_ID,
  DEMO_OFFICIAL_ACCOUNT,
  DEMO_OPEN_KF_ID,
  demoChannelEnv,
} from "./demo-channels";
import { createDemoCommerce } from "./demo-commerce";
import { DEMO_PASSWORD, DEMO_USERS } from "./demo-users";

const config = parseConfig(process.env);
const consoleUrl = `http://127.0.0.1:${config.port}`;
const sandboxUrl = `http://127.0.0.1:${config.sandboxPort}`;
const commerce = createDemoCommerce(consoleUrl, { parcelsMove: config.demoTrafficPerMinute > 0 });

const sandbox = await startSandbox({
  corp: DEMO_CORP,
  wecomWebhookUrl: `${consoleUrl}/webhooks/wecom`,
  apps: [
    { ...DEMO_OFFICIAL_ACCOUNT, webhookUrl: `${consoleUrl}/webhooks/official-account` },
    { ...DEMO_MINI_PROGRAM, webhookUrl: `${consoleUrl}/webhooks/mini-program` },
  ],
  openKfId: DEMO_OPEN_KF_ID,
  payMerchant: commerce.payMerchant,
  kuaidi100: commerce.kuaidi100,
  llmApiKey: DEMO_LLM.apiKey,
  port: config.sandboxPort,
});
sandbox.wechatPay?.coupons.addStock({ ...DEMO_COUPON_STOCK, maxCoupons: 1_000, maxPerUser: 3, status: "running" });
Object.assign(process.env, {
  LOOPDESK_DEMO: "1",
  // The demo's ERP is the sandbox's, on loopback: only an operator's explicit switch allows that.
  WEBHOOK_ALLOW_PRIVATE: "1",
  ...demoChannelEnv(sandbox.url),
  ...commerce.env(sandbox.url),
  ...(config.demoLlm
    ? { OPENAI_BASE_URL: `${sandbox.url}/v1`, OPENAI_MODEL: DEMO_LLM.model, OPENAI_API_KEY: DEMO_LLM.apiKey }
    : {}),
});

await import("../main");

// Customers start writing once the console answers.
for (let tries = 0; tries < 600; tries += 1) {
  const healthy = await fetch(`${consoleUrl}/api/health`).then(
    (response) => response.ok,
    () => false,
  );
  if (healthy) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const scenario = startScenarioDriver({ sandboxUrl, perMinute: config.demoTrafficPerMinute });
const admin = DEMO_USERS.find((user) => user.role === "ADMIN");
if (admin) {
  await subscribeSandboxErp({
    consoleUrl,
    admin: { email: admin.email, password: DEMO_PASSWORD },
    erp: sandbox.erp,
    url: `${sandboxUrl}/erp/webhooks`,
    events: WEBHOOK_EVENT_TYPES,
  });
}
if (config.demoTrafficPerMinute > 0) {
  // The logistics assistant's waybills move a node every 20 s, like the Kuaidi100 parcels.
  setInterval(() => {
    for (const orderId of sandbox.wechat.logistics.waybills.keys()) void sandbox.wechat.advanceWaybill(orderId);
  }, 20_000).unref();
}
if (admin && sandbox.wechatPay && config.demoTrafficPerMinute > 0) {
  startShopDriver({
    consoleUrl,
    admin: { email: admin.email, password: DEMO_PASSWORD },
    customers: scenario.customers,
    appIds: { "official-account": DEMO_OFFICIAL_ACCOUNT.appId, "mini-program": DEMO_MINI_PROGRAM.appId },
    wechatPay: sandbox.wechatPay,
    subscribeAtCheckout: (openid) =>
      sandbox.wechat.customerSubscribes(DEMO_MINI_PROGRAM.appId, openid, DEMO_MP_TEMPLATE_ID).catch(() => null),
    orderEveryMs: 60_000 / Math.max(1, config.demoTrafficPerMinute / 4),
  });
}
console.warn(
  [
    "",
    `  LoopDesk demo: http://localhost:${config.port}`,
    `  Sign in as ${DEMO_USERS.map((user) => user.email).join(", ")} — password ${DEMO_PASSWORD}`,
    `  WeChat sandbox: ${sandboxUrl} (customers write ${config.demoTrafficPerMinute} messages a minute;`,
    `  make one write yourself: curl -X POST ${sandboxUrl}/sandbox/messages -H 'content-type: application/json' \\`,
    `    -d '{"channel":"wecom","customer":"me","text":"我的快递到哪了？"}')`,
    "  The sandbox shop sells to customers who write, WeChat Pay notifies their payments and parcels move;",
    "  the WeChat Pay and Kuaidi100 keys were generated for this run only. The brand's ERP (the sandbox's)",
    `  receives LoopDesk's webhooks: ${sandboxUrl}/sandbox/erp/events`,
    "",
  ].join("\n"),
);
