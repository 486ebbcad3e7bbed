import { expect, test } from "@playwright/test";
import { demo, signInAs } from "../support/demo";
import { sandbox, uniqueCustomer } from "../support/sandbox";
import { DEMO_MINI_PROGRAM_APP_ID, openShop } from "../support/shop";

test("a refused parcel appears in the anomaly queue and beside the chat, live; the agent claims and resolves it", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const shop = await openShop(baseURL);
  const customer = uniqueCustomer("o");
  await sandbox.customerWrites("mini-program", customer, "快递员说我拒收了？我没有拒收啊");
  const orderNo = `AN${Date.now()}`;
  expect(
    (
      await shop.post("/api/v1/orders", {
        data: {
          orderNo,
          channel: "web",
          customer: { openid: customer, appId: DEMO_MINI_PROGRAM_APP_ID },
          items: [{ sku: "CUP-500", name: "保温杯 500ml", quantity: 1, unitPriceFen: 18_900 }],
          totalFen: 18_900,
        },
      })
    ).status(),
  ).toBe(201);
  await sandbox.customerPays(customer, orderNo, 18_900);

  await signInAs(page, demo.agent);
  await page.goto("/anomalies");
  const queue = page.getByTestId("anomalies");
  await expect(queue).toBeVisible();

  // The ERP ships; the carrier's scans end in a refusal at the door (the sandbox plays it by the number).
  const trackingNo = `SFREFUSED${Date.now()}`;
  expect(
    (await shop.post(`/api/v1/orders/${orderNo}/shipments`, { data: { carrier: "shunfeng", trackingNo } })).status(),
  ).toBe(201);
  await expect.poll(() => sandbox.parcelMoves("shunfeng", trackingNo), { timeout: 20_000 }).toBe(true);
  for (let scan = 0; scan < 4; scan += 1) expect(await sandbox.parcelMoves("shunfeng", trackingNo)).toBe(true);

  // No reload: the queue hears of it.
  const anomaly = queue.getByTestId("anomaly").filter({ hasText: trackingNo });
  await expect(anomaly).toHaveAttribute("data-anomaly-type", "REFUSED");
  await expect(anomaly).toContainText("客户拒收");
  await expect(anomaly).toContainText(orderNo);
  await expect(anomaly).toContainText("收件人拒收");

  // The brand's ERP heard of it too, signed (the sandbox ERP refuses a bad signature).
  await expect
    .poll(async () =>
      (await sandbox.erpEvents())
        .filter((event) => event.type === "anomaly.opened")
        .map((event) => (event.data.details as { trackingNo?: string } | null)?.trackingNo),
    )
    .toContain(trackingNo);
  const types = (await sandbox.erpEvents()).filter((event) => event.data.orderNo === orderNo).map((e) => e.type);
  expect(types).toEqual(expect.arrayContaining(["order.paid", "order.shipped"]));

  await anomaly.getByRole("button", { name: "认领" }).click();
  await expect(anomaly).toContainText("处理人：");

  // On its own page: the order with the parcel's timeline, and the customer's conversation beside it.
  await anomaly.getByTestId("anomaly-open").click();
  const detail = page.getByTestId("anomaly-detail");
  await expect(detail.getByTestId("customer-order")).toContainText(orderNo);
  await expect(detail.getByTestId("customer-order")).toContainText("收件人拒收");
  await expect(detail.getByTestId("message").filter({ hasText: "快递员说我拒收了" })).toBeVisible();

  // Beside the customer's chat, the same anomaly, and a badge on the conversation's row.
  await detail.getByRole("link", { name: "打开会话" }).click();
  const sidebar = page.getByTestId("customer-sidebar").getByTestId("customer-anomalies");
  await expect(sidebar).toContainText("客户拒收");
  await expect(
    page.locator('[data-testid="conversation-row"][aria-current="true"]').getByTestId("row-anomalies"),
  ).toContainText("异常 1");

  await page.goto("/anomalies");
  const claimed = page.getByTestId("anomaly").filter({ hasText: trackingNo });
  await claimed.getByRole("button", { name: "标记解决" }).click();
  await claimed.getByLabel("处理结果").fill("已致电客户，重新派送");
  await claimed.getByRole("button", { name: "标记解决" }).click();
  await expect(page.getByTestId("anomaly").filter({ hasText: trackingNo })).toHaveCount(0);
});
