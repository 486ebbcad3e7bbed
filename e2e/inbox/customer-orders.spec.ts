import { expect, test } from "@playwright/test";
import { demo, signInAs } from "../support/demo";
import { sandbox, uniqueCustomer } from "../support/sandbox";
import { DEMO_MINI_PROGRAM_APP_ID, openShop } from "../support/shop";

test("a customer chats on the mini program, then orders in the shop: the order appears beside the chat, live", async ({
  page,
  baseURL,
}) => {
  // The brand's shop, with a key an admin made for it.
  const shop = await openShop(baseURL);

  const customer = uniqueCustomer("o");
  await sandbox.customerWrites("mini-program", customer, "你好，我想买保温杯，有现货吗？");

  await signInAs(page, demo.supervisor);
  await page.goto("/inbox?view=all");
  await page.getByTestId("conversation-row").filter({ hasText: "有现货吗" }).first().click();
  const sidebar = page.getByTestId("customer-sidebar");
  await expect(sidebar).toContainText("暂无订单");

  const orderNo = `MP${Date.now()}`;
  const order = await shop.post("/api/v1/orders", {
    data: {
      orderNo,
      channel: "mini-program",
      customer: { openid: customer, appId: DEMO_MINI_PROGRAM_APP_ID },
      items: [{ sku: "CUP-500", name: "保温杯 500ml", quantity: 1, unitPriceFen: 8900 }],
      totalFen: 8900,
    },
  });
  expect(order.status()).toBe(201);

  const card = sidebar.getByTestId("customer-order").filter({ hasText: orderNo });
  await expect(card).toBeVisible();
  await expect(card).toHaveAttribute("data-status", "PENDING_PAYMENT");
  await expect(card).toContainText("保温杯 500ml × 1");
  await expect(card).toContainText("¥89.00");

  // The 订单 page finds it by its number.
  await page.goto("/orders");
  await page.getByLabel("订单号 / 支付单号 / 运单号 / 客户").fill(orderNo);
  await page.getByRole("button", { name: "查找" }).click();
  await expect(page.getByTestId("customer-order")).toHaveCount(1);
  await expect(page.getByTestId("customer-order")).toContainText(orderNo);
  await shop.dispose();
});
