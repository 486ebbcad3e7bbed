import { expect, test } from "@playwright/test";
import { demo, signInAs } from "../support/demo";

test("an admin makes the shop an API key, shown once; the shop sends an order with it; revoked, it stops working", async ({
  page,
  request,
}) => {
  await signInAs(page, demo.admin);
  await page.goto("/settings");
  await page.getByRole("tab", { name: "API 密钥" }).click();
  const form = page.getByTestId("add-api-key-form");
  await form.getByLabel("名称").fill("有赞商城");
  await form.getByRole("button", { name: "创建" }).click();
  const key = (await page.getByTestId("api-key-shown").locator("code").textContent()) ?? "";
  expect(key).toMatch(/^ld_/);

  const orderNo = `E2E${Date.now()}`;
  const order = await request.post("/api/v1/orders", {
    headers: { authorization: `Bearer ${key}` },
    data: {
      orderNo,
      customer: { unionid: `e2e-${orderNo}`, name: "测试客户" },
      items: [{ sku: "E2E-1", name: "保温杯", quantity: 1, unitPriceFen: 8900 }],
      totalFen: 8900,
    },
  });
  expect(order.status()).toBe(201);

  // Once gone from the screen, the key is nowhere to be read again.
  await page.getByRole("button", { name: "我已保存" }).click();
  await page.reload();
  await page.getByRole("tab", { name: "API 密钥" }).click();
  const row = page.getByTestId("api-keys-table").getByRole("row").filter({ hasText: "有赞商城" });
  await expect(row).not.toContainText("从未使用");
  expect(await page.content()).not.toContain(key);
  expect(await (await page.request.get("/api/api-keys")).text()).not.toContain(key);

  await row.getByRole("button", { name: "吊销" }).click();
  await expect(row).toContainText("已吊销");
  const refused = await request.get(`/api/v1/orders/${orderNo}`, { headers: { authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
});

test("a supervisor has no API keys tab and no API to reach them", async ({ page }) => {
  await signInAs(page, demo.supervisor);
  await page.goto("/settings");
  await expect(page.getByRole("tab", { name: "渠道" })).toBeVisible();
  await expect(page.getByRole("tab", { name: "API 密钥" })).toHaveCount(0);
  expect((await page.request.get("/api/api-keys")).status()).toBe(403);
});
