import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// One fresh embedded database per run (workers re-read the config, so the folder is fixed once).
process.env.E2E_DATA_DIR ??= path.join(os.tmpdir(), `loopdesk-e2e-${Date.now()}`);

export default defineConfig({
  testDir: "./e2e",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], locale: "zh-CN" } }],
  webServer: {
    // The demo launcher: LoopDesk plus the WeChat sandbox, with no random traffic (specs drive it).
    command: "node --no-memory-reducer --import tsx server/demo/run-demo.ts",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 90_000,
    // The server logs warnings and errors only (LOG_LEVEL below): shown, so a failure can be explained.
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      LOOPDESK_DEMO: "1",
      LOOPDESK_SANDBOX_PORT: String(port + 1),
      LOOPDESK_DEMO_TRAFFIC_PER_MINUTE: "0",
      // Specs expect customers to reach the queue; the bot's spec switches it on in Settings.
      LOOPDESK_DEMO_BOT: "0",
      // Triage goes through the sandbox's OpenAI-compatible model: the provider path, end to end.
      LOOPDESK_DEMO_LLM: "1",
      LOOPDESK_DATA_DIR: process.env.E2E_DATA_DIR,
      // A fixed test key: the e2e server may run against DATABASE_URL in production mode.
      LOOPDESK_SECRET_KEY: "bG9vcGRlc2stZTJlLXRlc3Qta2V5LTMyLWJ5dGVzISE=",
      LOG_LEVEL: "warn",
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    },
  },
});
