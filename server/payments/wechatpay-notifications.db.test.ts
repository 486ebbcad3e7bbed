// WeChat Pay tells LoopDesk that a customer paid, or that a refund settled: signed, encrypted
// notifications through the real webhook, stored before they are answered and applied once.
import { describe, expect, it } from "vitest";
import { db } from "../db/db";
import {
  buildPayNotification,
  createSandboxPayPlatform,
  signNotification,
} from "../sandbox/wechatpay/build-notification";
import { eventually } from "../testing/eventually";
import { startPaySandbox, TEST_MCH_ID, TEST_PAY_APP_ID } from "../testing/pay-sandbox";
import { setupTestDatabase } from "../testing/test-database";
import { startWebhookServer } from "../testing/webhook-server";
import { queryUnpaidOrders } from "./query-unpaid-orders";

const MCH_ID = TEST_MCH_ID;
const APP_ID = TEST_PAY_APP_ID;
const { sandbox, platform } = await startPaySandbox();
setupTestDatabase({ jobs: true });

const webhooks = startWebhookServer();

const unique = () => Math.random().toString(36).slice(2, 10);

async function seedOrder(totalFen = 17_800) {
  const customer = await db().customer.create({ data: { name: "张三" } });
  return db().order.create({ data: { orderNo: `LD${unique()}`, totalFen, customerId: customer.id } });
}

function payment(order: { orderNo: string; totalFen: number }, overrides: Record<string, unknown> = {}) {
  return {
    mchid: MCH_ID,
    appid: APP_ID,
    out_trade_no: order.orderNo,
    transaction_id: `42000${unique()}${unique()}`,
    trade_type: "JSAPI",
    trade_state: "SUCCESS",
    trade_state_desc: "支付成功",
    success_time: "2026-12-06T10:00:00+08:00",
    payer: { openid: `o${unique()}` },
    amount: { total: order.totalFen, payer_total: order.totalFen, currency: "CNY", payer_currency: "CNY" },
    ...overrides,
  };
}

function send(notification: { body: string; headers: Record<string, string> }, path = "/webhooks/wechatpay") {
  return fetch(`${webhooks.base()}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...notification.headers },
    body: notification.body,
  });
}

const storedCount = () => db().inboundEvent.count({ where: { source: "WECHAT_PAY" } });
const statusOf = async (orderNo: string) => (await db().order.findUniqueOrThrow({ where: { orderNo } })).status;

describe("WeChat Pay notifications", () => {
  it("a payment marks its order paid once, though delivered 4 times and then 10 times at once", async () => {
    const order = await seedOrder();
    const notification = buildPayNotification(platform, { eventType: "TRANSACTION.SUCCESS", resource: payment(order) });
    for (let i = 0; i < 4; i += 1) expect((await send(notification)).status).toBe(204);
    const burst = await Promise.all(Array.from({ length: 10 }, () => send(notification)));
    expect(burst.map((response) => response.status)).toEqual(Array(10).fill(204));
    expect(
      await eventually(
        () => statusOf(order.orderNo),
        (status) => status === "PAID",
      ),
    ).toBe("PAID");
    const payments = await db().payment.findMany({ where: { orderId: order.id } });
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ status: "PAID", amountFen: 17_800, paidFen: 17_800 });
    expect((await db().order.findUniqueOrThrow({ where: { id: order.id } })).paymentStatus).toBe("PAID");
    expect((await db().customer.findUniqueOrThrow({ where: { id: order.customerId } })).lifetimeValueFen).toBe(17_800);

    // The same payment told again by another notification (a new id) changes nothing either.
    const retold = buildPayNotification(platform, {
      eventType: "TRANSACTION.SUCCESS",
      resource: { ...payment(order), transaction_id: payments[0]?.transactionId },
    });
    expect((await send(retold)).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await db().payment.count({ where: { orderId: order.id } })).toBe(1);
  });

  it("a notification signed under the platform certificate's serial is accepted as well (a key migration)", async () => {
    const order = await seedOrder();
    const notification = buildPayNotification(platform, {
      eventType: "TRANSACTION.SUCCESS",
      resource: payment(order),
      by: "certificate",
    });
    expect(notification.headers["wechatpay-serial"]).toBe(platform.certificate.serial);
    expect((await send(notification)).status).toBe(204);
    expect(
      await eventually(
        () => statusOf(order.orderNo),
        (status) => status === "PAID",
      ),
    ).toBe("PAID");
  });

  it("a payment shows in the customer's open conversation and opens the Official Account's payment window", async () => {
    const channel = await db().channelAccount.create({
      data: { kind: "OFFICIAL_ACCOUNT", name: "服务号", appId: APP_ID, openKfId: "" },
    });
    const order = await seedOrder(6_600);
    const conversation = await db().conversation.create({
      data: {
        customerId: order.customerId,
        channelAccountId: channel.id,
        status: "OPEN",
        activeKey: `${channel.id}:${order.customerId}`,
        replyWindowKind: "MESSAGE",
        replyWindowExpiresAt: new Date(Date.now() + 3600_000),
        replyWindowRemaining: 0,
      },
    });
    await send(buildPayNotification(platform, { eventType: "TRANSACTION.SUCCESS", resource: payment(order) }));
    const event = await eventually(
      () => db().message.findFirst({ where: { conversationId: conversation.id, type: "EVENT" } }),
      (found) => found !== null,
    );
    expect(event?.body).toMatchObject({ event: "order_paid", order: { orderNo: order.orderNo, totalFen: 6_600 } });
    expect(event?.direction).toBe("INTERNAL");
    const after = await db().conversation.findUniqueOrThrow({ where: { id: conversation.id } });
    expect(after).toMatchObject({ replyWindowKind: "PAYMENT", replyWindowRemaining: null });
  });

  it("a payment of another amount, or for an order nobody knows, is kept and flagged, never applied", async () => {
    const order = await seedOrder(17_800);
    const short = payment(order, { amount: { total: 100, currency: "CNY" } });
    expect(
      (await send(buildPayNotification(platform, { eventType: "TRANSACTION.SUCCESS", resource: short }))).status,
    ).toBe(204);
    const stranger = payment({ orderNo: `NOPE${unique()}`, totalFen: 500 });
    expect(
      (await send(buildPayNotification(platform, { eventType: "TRANSACTION.SUCCESS", resource: stranger }))).status,
    ).toBe(204);
    const flagged = await eventually(
      () => db().anomaly.findMany({ where: { subjectId: { in: [short.transaction_id, stranger.transaction_id] } } }),
      (rows) => rows.length === 2,
    );
    expect(flagged.map((row) => row.type)).toEqual(["PAYMENT_MISMATCH", "PAYMENT_MISMATCH"]);
    expect(flagged.find((row) => row.subjectId === short.transaction_id)?.orderId).toBe(order.id);
    expect(await statusOf(order.orderNo)).toBe("PENDING_PAYMENT");
    expect(await db().payment.count({ where: { orderId: order.id } })).toBe(0);
  });

  it("payments for many orders arriving together are each applied once; the customer's spend adds up, a mismatch is flagged", async () => {
    const orders = await Promise.all(Array.from({ length: 12 }, () => seedOrder(2_000)));
    // The customer of the first order also placed the second.
    const [first, second] = orders;
    if (!first || !second) throw new Error("no orders");
    await db().order.update({ where: { id: second.id }, data: { customerId: first.customerId } });
    const paid = orders.map((order) => payment(order));
    const wrong = payment(orders[11] ?? first, { amount: { total: 1, currency: "CNY" } });
    // A second transaction for the first order (the shop's double charge) must not pay it twice.
    const again = payment(first);
    const notifications = [...paid.slice(0, 11), wrong, again].map((resource) =>
      buildPayNotification(platform, { eventType: "TRANSACTION.SUCCESS", resource }),
    );
    const answers = await Promise.all(notifications.flatMap((n) => [send(n), send(n)]));
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([204]));
    const paidNow = await eventually(
      () => db().order.count({ where: { id: { in: orders.map((o) => o.id) }, status: "PAID" } }),
      (count) => count === 11,
    );
    expect(paidNow).toBe(11);
    await eventually(
      () => db().inboundEvent.count({ where: { source: "WECHAT_PAY", processedAt: null } }),
      (count) => count === 0,
    );
    expect(await db().payment.count({ where: { orderId: { in: orders.map((o) => o.id) } } })).toBe(11);
    expect(await statusOf(orders[11]?.orderNo ?? "")).toBe("PENDING_PAYMENT");
    expect(await db().anomaly.count({ where: { subjectId: wrong.transaction_id } })).toBe(1);
    const spender = await db().customer.findUniqueOrThrow({ where: { id: first.customerId } });
    expect(spender.lifetimeValueFen).toBe(4_000);
  });
  it("a refund that arrives before its payment settles once the payment is in; the whole amount refunds the order", async () => {
    const order = await seedOrder(5_000);
    const paid = payment(order);
    const refund = {
      mchid: MCH_ID,
      out_trade_no: order.orderNo,
      transaction_id: paid.transaction_id,
      out_refund_no: `RF${unique()}`,
      refund_id: `50300${unique()}`,
      refund_status: "SUCCESS",
      success_time: "2026-12-06T12:00:00+08:00",
      amount: { total: 5_000, refund: 5_000, payer_total: 5_000, payer_refund: 5_000 },
    };
    expect((await send(buildPayNotification(platform, { eventType: "REFUND.SUCCESS", resource: refund }))).status).toBe(
      204,
    );
    // Its payment is unknown yet: the refund waits for the sweep, which a minute later finds it.
    const waiting = await eventually(
      () =>
        db().inboundEvent.findFirst({ where: { source: "WECHAT_PAY", lastError: { contains: refund.out_refund_no } } }),
      (event) => event !== null,
    );
    expect(waiting?.processedAt).toBeNull();
    expect(
      (await send(buildPayNotification(platform, { eventType: "TRANSACTION.SUCCESS", resource: paid }))).status,
    ).toBe(204);
    await eventually(
      () => statusOf(order.orderNo),
      (status) => status === "PAID",
    );
    const { sweepProcesses } = await import("../testing/inbound-sweep");
    await db().inboundEvent.update({ where: { id: waiting?.id }, data: { receivedAt: new Date(Date.now() - 60_000) } });
    expect(await sweepProcesses(waiting?.id ?? "")).toBe(true);
    expect(await db().refund.findUniqueOrThrow({ where: { outRefundNo: refund.out_refund_no } })).toMatchObject({
      status: "SUCCESS",
      amountFen: 5_000,
    });
    expect(await statusOf(order.orderNo)).toBe("REFUNDED");
    expect((await db().customer.findUniqueOrThrow({ where: { id: order.customerId } })).lifetimeValueFen).toBe(0);
  });
});

describe("a payment the notifications missed", () => {
  it("is found by asking WeChat Pay about orders still unpaid ten minutes on, and applied once", async () => {
    const fifteenMinutesAgo = new Date(Date.now() - 15 * 60_000);
    const paid = await seedOrder(2_900);
    const unpaid = await seedOrder(3_900);
    const recent = await seedOrder(4_900);
    await db().order.updateMany({
      where: { id: { in: [paid.id, unpaid.id] } },
      data: { createdAt: fifteenMinutesAgo },
    });
    sandbox.wechatPay?.pay({
      outTradeNo: paid.orderNo,
      transactionId: `42000${unique()}`,
      totalFen: 2_900,
      openid: `o${unique()}`,
      paidAt: new Date(),
    });

    const first = await queryUnpaidOrders();
    expect(first.find((result) => result.orderNo === paid.orderNo)?.outcome).toMatchObject({ applied: true });
    expect(first.find((result) => result.orderNo === unpaid.orderNo)?.outcome).toBe("unpaid");
    expect(first.some((result) => result.orderNo === recent.orderNo)).toBe(false);
    expect(await statusOf(paid.orderNo)).toBe("PAID");
    expect(await statusOf(unpaid.orderNo)).toBe("PENDING_PAYMENT");
    // Asked once per interval: the next run right after asks about neither again.
    const second = await queryUnpaidOrders();
    expect(second.filter((result) => [paid.orderNo, unpaid.orderNo].includes(result.orderNo))).toEqual([]);
    // Every call carried a signature the sandbox accepted (it answers SIGN_ERROR otherwise).
    expect(sandbox.wechatPay?.calls.some((call) => call.path.includes(paid.orderNo))).toBe(true);
  });
});

describe("bad WeChat Pay notifications get a 4xx in WeChat Pay's format and store nothing", () => {
  const good = () =>
    buildPayNotification(platform, { eventType: "TRANSACTION.SUCCESS", resource: { amount: { total: 1 } } });
  const stranger = createSandboxPayPlatform(platform.apiV3Key);
  const cases: [string, () => Promise<Response>, number][] = [
    [
      "a signature from a key LoopDesk does not trust",
      () =>
        send({
          ...good(),
          headers: { ...signNotification(stranger, good().body), "wechatpay-serial": platform.publicKeyId },
        }),
      401,
    ],
    [
      "an unknown serial",
      () => {
        const notification = good();
        return send({
          ...notification,
          headers: { ...notification.headers, "wechatpay-serial": "PUB_KEY_ID_UNKNOWN" },
        });
      },
      401,
    ],
    [
      "a timestamp five minutes old",
      () => {
        const body = good().body;
        return send({
          body,
          headers: signNotification(platform, body, { timestamp: Math.floor(Date.now() / 1000) - 300 }),
        });
      },
      401,
    ],
    [
      "a WECHATPAY/SIGNTEST/ probe",
      () => {
        const notification = good();
        const probe = `WECHATPAY/SIGNTEST/${notification.headers["wechatpay-signature"]}`;
        return send({ ...notification, headers: { ...notification.headers, "wechatpay-signature": probe } });
      },
      401,
    ],
    [
      "a resource sealed with another APIv3 key (bad tag)",
      () => {
        const other = createSandboxPayPlatform("ffffffffffffffffffffffffffffffff");
        const { body } = buildPayNotification(other, { eventType: "TRANSACTION.SUCCESS", resource: {} });
        return send({ body, headers: signNotification(platform, body) });
      },
      400,
    ],
    [
      "malformed JSON, signed",
      () => {
        const body = '{"id": "EV-1", "resource": ';
        return send({ body, headers: signNotification(platform, body) });
      },
      400,
    ],
    ["an unknown merchant", () => send(good(), "/webhooks/wechatpay/another-merchant"), 404],
  ];

  for (const [name, attempt, status] of cases) {
    it(name, async () => {
      const before = await storedCount();
      const response = await attempt();
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ code: "FAIL" });
      expect(await storedCount()).toBe(before);
    });
  }
});
