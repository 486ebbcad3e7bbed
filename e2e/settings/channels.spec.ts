import { expect, test } from "@playwright/test";
import { demo, signInAs } from "../support/demo";

test("an admin connects an Official Account in Settings; the secret never reaches the browser", async ({ page }) => {
  await signInAs(page, demo.admin);
  await page.goto("/settings");
  await page.getByRole("tab", { name: "渠道" }).click();
  const table = page.getByTestId("channels-table");
  await expect(table).toContainText("/webhooks/wecom");
  await expect(table).toContainText("/webhooks/official-account");

  const appId = `wx${Date.now().toString(16).padStart(16, "0").slice(-16)}`;
  const form = page.getByTestId("add-channel-form");
  await form.getByLabel("类型").selectOption("OFFICIAL_ACCOUNT");
  await form.getByLabel("名称").fill("华东服务号");
  await form.getByLabel("CorpID / AppID").fill(appId);
  await form.getByLabel(/^Secret/).fill("super-secret-app-secret");
  await form.getByLabel("Token").fill("EastToken");
  await form.getByRole("button", { name: "创建" }).click();

  const row = table.getByRole("row").filter({ hasText: "华东服务号" });
  await expect(row).toContainText(appId);
  await expect(row).toContainText(/\/webhooks\/official-account\/c[a-z0-9]+/);
  const listing = await page.request.get("/api/channels");
  expect(await listing.text()).not.toContain("super-secret-app-secret");
  expect(await page.content()).not.toContain("super-secret-app-secret");

  // What customers left waiting on it are told: saved, and still there after a reload.
  const notice = page.getByTestId("queue-notices").locator("form").filter({ hasText: "华东服务号" });
  await notice.getByRole("textbox").fill("您排在第 {{queue.position}} 位，请稍候");
  await notice.getByRole("button", { name: "保存" }).click();
  await expect(notice.getByRole("button", { name: "已保存" })).toBeVisible();
  await page.reload();
  await page.getByRole("tab", { name: "渠道" }).click();
  await expect(
    page.getByTestId("queue-notices").locator("form").filter({ hasText: "华东服务号" }).getByRole("textbox"),
  ).toHaveValue("您排在第 {{queue.position}} 位，请稍候");
});

test("a supervisor sees the channels but cannot connect one", async ({ page }) => {
  await signInAs(page, demo.supervisor);
  await page.goto("/settings");
  await page.getByRole("tab", { name: "渠道" }).click();
  await expect(page.getByTestId("channels-table")).toBeVisible();
  await expect(page.getByTestId("add-channel-form")).toHaveCount(0);
  await expect(page.getByTestId("queue-notices").getByRole("button", { name: "保存" })).toHaveCount(0);
  const attempt = await page.request.post("/api/channels", {
    data: { kind: "OFFICIAL_ACCOUNT", name: "x", appId: "wx0000000000000001", secret: "s", token: "t" },
  });
  expect(attempt.status()).toBe(403);
});
