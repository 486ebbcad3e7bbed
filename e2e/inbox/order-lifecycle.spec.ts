import { expect, test } from "@playwright/test";
import { demo, signInAs } from "../support/demo";
import { sandbox, uniqueCustomer } from "../support/sandbox";
import { DEMO_MINI_PROGRAM_APP_ID, openShop } from "../support/shop";

test("a customer chats and pays, the parcel moves, the agent sends its card and a refund over the cap is approved", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const shop = await openShop(baseURL);

  const customer = uniqueCustomer("o");
  await sandbox.customerWrites("mini-program", customer, "两个保温杯，付款了什么时候发货？");
  const orderNo = `MP${Date.now()}`;
  const order = await shop.post("/api/v1/orders", {
    data: {
      orderNo,
      // Bought in the brand's web shop, which ships through its ERP: a mini-program order would also
      // get a waybill from the demo's logistics assistant, a second parcel racing this one.
      channel: "web",
      customer: { openid: customer, appId: DEMO_MINI_PROGRAM_APP_ID },
      items: [{ sku: "CUP-500", name: "保温杯 500ml", quantity: 2, unitPriceFen: 18_900 }],
      totalFen: 37_800,
      receiver: {
        name: "张女士",
        phone: "13912345678",
        province: "上海市",
        city: "上海市",
        district: "浦东新区",
        address: "张江路 88 号",
      },
    },
  });
  expect(order.status()).toBe(201);

  // The agent has the conversation open with the order beside it.
  await signInAs(page, demo.agent);
  await page.goto("/inbox?view=all");
  await page.getByTestId("conversation-row").filter({ hasText: "什么时候发货" }).first().click();
  const card = page.getByTestId("customer-sidebar").getByTestId("customer-order").filter({ hasText: orderNo });
  await expect(card).toHaveAttribute("data-status", "PENDING_PAYMENT");

  // The customer pays: WeChat Pay notifies and the sidebar turns paid without a reload.
  await sandbox.customerPays(customer, orderNo, 37_800);
  await expect(card).toHaveAttribute("data-status", "PAID");

  // The ERP ships; LoopDesk subscribes the parcel at Kuaidi100, whose first scan grows the timeline.
  const trackingNo = `SF${Date.now()}`;
  expect(
    (await shop.post(`/api/v1/orders/${orderNo}/shipments`, { data: { carrier: "shunfeng", trackingNo } })).status(),
  ).toBe(201);
  await expect.poll(() => sandbox.parcelMoves("shunfeng", trackingNo), { timeout: 20_000 }).toBe(true);
  await expect(card).toContainText("快递员已揽收");
  await expect(card).toHaveAttribute("data-status", "SHIPPED");

  // The agent answers with the parcel's card; the customer receives it as a mini-program page.
  await card.getByTestId("send-tracking-card").click();
  await expect
    .poll(async () => (await sandbox.messagesTo(customer)).map((message) => `${message.type} ${message.title ?? ""}`))
    .toContainEqual(`miniprogrampage 顺丰速运 ${trackingNo} · 已揽收`);

  // A refund of the whole ¥378 is over an agent's ¥200 limit: it waits for the supervisor.
  await card.getByRole("button", { name: "补偿" }).click();
  await card.getByLabel("原因").fill("商品有划痕");
  await card.getByRole("button", { name: "确认退款" }).click();
  await expect(card).toContainText("超出你的补偿额度，已提交主管审批");
  await expect(card.getByTestId("pending-refund")).toContainText("¥378.00 待主管审批");

  const supervisorContext = await browser.newContext();
  const supervisor = await supervisorContext.newPage();
  await signInAs(supervisor, demo.supervisor);
  await supervisor.goto("/orders");
  const approval = supervisor.getByTestId("remedy-approval").filter({ hasText: orderNo });
  await expect(approval).toContainText("商品有划痕");
  await approval.getByRole("button", { name: "批准" }).click();
  await expect(approval).toHaveCount(0);

  // The refund reaches WeChat Pay once, and the agent's sidebar shows it, live.
  await expect.poll(() => sandbox.refundsOf(orderNo)).toHaveLength(1);
  expect((await sandbox.refundsOf(orderNo))[0]?.refundFen).toBe(37_800);
  await expect(card.getByTestId("order-refund")).toContainText("退款 ¥378.00");

  // The order's own page tells the whole story, with the customer's conversation to open.
  await supervisor.getByRole("link", { name: orderNo }).click();
  await expect(supervisor.getByTestId("order-detail")).toContainText("支付记录");
  await expect(supervisor.getByTestId("order-conversations")).toContainText("小程序");
  // The receiver's phone stays masked on the page.
  await expect(supervisor.getByTestId("order-receiver")).toContainText("139****5678");
  await supervisorContext.close();
  await shop.dispose();
});
