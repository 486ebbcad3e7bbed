import { expect, test } from "@playwright/test";
import { demo, signInAs } from "../support/demo";
import { sandbox, uniqueCustomer } from "../support/sandbox";
import { DEMO_MINI_PROGRAM_APP_ID, openShop } from "../support/shop";

test("a stalled parcel: the agent apologises with a coupon inside the window; a reship over the cap is approved by the supervisor", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const shop = await openShop(baseURL, ["orders:write", "products:write"]);
  const customer = uniqueCustomer("o");
  await sandbox.customerWrites("mini-program", customer, "我的快递两天没动了，怎么回事？");
  const orderNo = `RM${Date.now()}`;
  expect(
    (
      await shop.post("/api/v1/orders", {
        data: {
          orderNo,
          // Shipped by the brand's ERP (a mini-program order would get the logistics assistant's waybill).
          channel: "web",
          customer: { openid: customer, appId: DEMO_MINI_PROGRAM_APP_ID },
          items: [{ sku: "KETTLE-1L", name: "电热水壶 1L", quantity: 2, unitPriceFen: 19_900 }],
          totalFen: 39_800,
          receiver: {
            name: "王女士",
            phone: "13912345678",
            province: "上海市",
            city: "上海市",
            district: "浦东新区",
            address: "张江路 88 号",
          },
        },
      })
    ).status(),
  ).toBe(201);
  await sandbox.customerPays(customer, orderNo, 39_800);
  // The parcel was picked up and left Hangzhou two days ago, and has not moved since.
  const trackingNo = `SFSTALL${Date.now()}`;
  expect(
    (await shop.post(`/api/v1/orders/${orderNo}/shipments`, { data: { carrier: "shunfeng", trackingNo } })).status(),
  ).toBe(201);

  await signInAs(page, demo.agent);
  await page.goto("/anomalies");
  await expect(page.getByTestId("anomalies")).toBeVisible();
  await expect
    .poll(() => sandbox.parcelMoves("shunfeng", trackingNo, { hoursAgo: 52 }), { timeout: 20_000 })
    .toBe(true);
  await sandbox.parcelMoves("shunfeng", trackingNo, { hoursAgo: 50 });
  // No reload: the queue hears of it.
  const anomaly = page.getByTestId("anomaly").filter({ hasText: trackingNo });
  await expect(anomaly).toHaveAttribute("data-anomaly-type", "LOGISTICS_STALLED");

  // The apology first, then a coupon: both reach the customer through the open window.
  await anomaly.getByTestId("anomaly-reach-out").click();
  await anomaly.getByTestId("remedy-open").click();
  await anomaly.getByText("代金券", { exact: true }).click();
  await expect(anomaly.getByTestId("remedy-stock")).toContainText("售后补偿券");
  await anomaly.getByLabel("原因").fill("物流延误致歉");
  await anomaly.getByRole("button", { name: "发放代金券" }).click();
  await expect(anomaly).toContainText("已发起补偿");
  await expect.poll(async () => (await sandbox.couponsOf(customer)).length).toBe(1);
  await expect
    .poll(async () => (await sandbox.sentTo(customer)).join("\n"))
    .toContain("送您一张「售后补偿券」代金券：10 元（满 50 元可用）");
  await expect(anomaly.getByTestId("anomaly-remedies")).toContainText("已到账");

  // Sending the goods again costs ¥398: over an agent's ¥200 cap, it waits for the supervisor.
  await anomaly.getByTestId("remedy-open").click();
  await anomaly.getByText("补发", { exact: true }).click();
  await anomaly.getByLabel("原因").fill("包裹滞留，重新发货");
  await anomaly.getByRole("button", { name: "确认补发" }).click();
  await expect(anomaly).toContainText("超出你的补偿额度，已提交主管审批");
  await expect(anomaly.getByTestId("anomaly-remedies")).toContainText("待审批");

  const supervisorContext = await browser.newContext();
  const supervisor = await supervisorContext.newPage();
  await signInAs(supervisor, demo.supervisor);
  await supervisor.goto("/anomalies");
  const approval = supervisor.getByTestId("remedy-approval").filter({ hasText: orderNo });
  await expect(approval).toContainText("补发");
  await expect(approval).toContainText("超出单笔额度");
  await approval.getByTestId("remedy-approve").click();
  await expect(approval).toHaveCount(0);

  // The new waybill is made, and the agent's queue shows it without a reload.
  await expect(anomaly.getByTestId("anomaly-remedies")).toContainText(`新运单`, { timeout: 20_000 });

  // Stock running low reaches the brand's ERP as a replenishment request.
  const sku = `KETTLE-${Date.now()}`;
  expect(
    (
      await shop.post("/api/v1/products", {
        data: { sku, name: "电热水壶 1L", priceFen: 19_900, stock: 2, lowStockThreshold: 5 },
      })
    ).status(),
  ).toBe(200);
  await expect
    .poll(async () =>
      (await sandbox.erpEvents())
        .filter((event) => event.type === "replenishment.requested")
        .map((event) => event.data.sku),
    )
    .toContain(sku);
  await supervisorContext.close();
  await shop.dispose();
});
