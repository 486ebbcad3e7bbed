import { expect, test } from "@playwright/test";
import { demo, signInAs } from "../support/demo";
import { sandbox, uniqueCustomer } from "../support/sandbox";
import { openShop } from "../support/shop";

test("the agent puts the copilot's suggested reply in the composer, sends it, and sends the recommended product's card", async ({
  page,
  baseURL,
}) => {
  // The shop's catalogue: a cup with a page in the mini program.
  const shop = await openShop(baseURL, ["products:write"]);
  const sku = `CUP-E2E-${Date.now()}`;
  const created = await shop.post("/api/v1/products", {
    data: {
      sku,
      name: "真空保温杯 420ml 雾霾蓝",
      priceFen: 9_900,
      stock: 25,
      tags: ["保温杯"],
      miniProgramPath: `pages/product/detail?sku=${sku}`,
    },
  });
  expect(created.ok()).toBe(true);
  await shop.dispose();

  const customer = uniqueCustomer("wm");
  await sandbox.customerWrites("wecom", customer, "保温杯可以放洗碗机洗吗？");
  await signInAs(page, demo.agent);
  // Queued or already assigned to this agent (routing may be faster than the page): "all" shows it either way.
  await page.goto("/inbox?view=all");
  await expect(page.getByTestId("realtime-status")).toHaveAttribute("data-status", "connected");
  await page.getByTestId("conversation-row").filter({ hasText: "可以放洗碗机洗吗" }).first().click();

  // The suggestion goes into the composer; the agent sends it.
  const suggestion = page.getByTestId("copilot-suggestion").filter({ hasText: "洗碗机" });
  await suggestion.click();
  const draft = await page.getByTestId("composer-input").inputValue();
  expect(draft).toContain("洗碗机");
  expect(await sandbox.sentTo(customer)).toEqual([]);
  await page.getByTestId("composer-input").press("Enter");
  await expect.poll(() => sandbox.sentTo(customer)).toEqual([draft]);

  // The sidebar recommends the cup the customer asked about; its card reaches WeChat as a mini-program card.
  const recommended = page.getByTestId("recommended-product").filter({ hasText: "雾霾蓝" });
  await expect(recommended).toContainText("客户提到「保温杯」");
  await recommended.getByRole("button", { name: "发送商品卡片" }).click();
  await expect
    .poll(async () => (await sandbox.messagesTo(customer)).map((message) => `${message.type} ${message.title ?? ""}`))
    .toContain("miniprogram 真空保温杯 420ml 雾霾蓝 ¥99.00");
  await expect(page.getByTestId("message-card").filter({ hasText: "雾霾蓝" })).toBeVisible();
});
