// Takes docs/images/console.png from a running demo (`npm run demo`, with its sandbox traffic):
// signs in as the supervisor, opens the longest-waiting conversation and photographs the inbox.
//   npx tsx scripts/docs/console-screenshot.ts [http://127.0.0.1:3000]
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 860 }, locale: "zh-CN" });
  const page = await context.newPage();
  const signIn = await page.request.post(`${base}/api/auth/sign-in`, {
    data: { email: "supervisor@loopdesk.demo", password: "loopdesk-demo" },
  });
  if (!signIn.ok()) throw new Error(`sign-in failed: ${signIn.status()}`);
  await page.goto(`${base}/inbox?view=all&sort=waiting`);
  await page.getByTestId("conversation-row").first().click();
  await page.getByTestId("messages").waitFor();
  await page.waitForTimeout(1_000);
  await page.screenshot({ path: "docs/images/console.png" });
} finally {
  await browser.close();
}
