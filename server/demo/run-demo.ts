// `npm run demo`: LoopDesk with demo people, and the WeChat sandbox in the same process playing the
// other side — WeCom customer service, an Official Account and a mini program, with customers who
// write. Everything runs on loopback; nothing needs an account, a database server or the internet.
import { parseConfig } from "../env";
import { startSandbox } from "../sandbox/sandbox-server";
import { startScenarioDriver } from "../sandbox/scenario/scenario-driver";
import { DEMO_CORP, DEMO_MINI_PROGRAM, DEMO_OFFICIAL_ACCOUNT, DEMO_OPEN_KF_ID, demoChannelEnv } from "./demo-channels";
import { DEMO_PASSWORD, DEMO_USERS } from "./demo-users";

const config = parseConfig(process.env);
const consoleUrl = `http://127.0.0.1:${config.port}`;
const sandboxUrl = `http://127.0.0.1:${config.sandboxPort}`;

const sandbox = await startSandbox({
  corp: DEMO_CORP,
  wecomWebhookUrl: `${consoleUrl}/webhooks/wecom`,
  apps: [
    { ...DEMO_OFFICIAL_ACCOUNT, webhookUrl: `${consoleUrl}/webhooks/official-account` },
    { ...DEMO_MINI_PROGRAM, webhookUrl: `${consoleUrl}/webhooks/mini-program` },
  ],
  openKfId: DEMO_OPEN_KF_ID,
  port: config.sandboxPort,
});
Object.assign(process.env, { LOOPDESK_DEMO: "1", ...demoChannelEnv(sandbox.url) });

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
startScenarioDriver({ sandboxUrl, perMinute: config.demoTrafficPerMinute });
console.warn(
  [
    "",
    `  LoopDesk demo: http://localhost:${config.port}`,
    `  Sign in as ${DEMO_USERS.map((user) => user.email).join(", ")} — password ${DEMO_PASSWORD}`,
    `  WeChat sandbox: ${sandboxUrl} (customers write ${config.demoTrafficPerMinute} messages a minute;`,
    `  make one write yourself: curl -X POST ${sandboxUrl}/sandbox/messages -H 'content-type: application/json' \\`,
    `    -d '{"channel":"wecom","customer":"me","text":"我的快递到哪了？"}')`,
    "",
  ].join("\n"),
);
