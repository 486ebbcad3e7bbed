// An agent refunds a paid order from beside the chat: within their limit it goes to WeChat Pay at
// once and exactly once, above it a supervisor approves it, and WeChat Pay's answer (its reply, its
// notification, or a later query) settles it.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/db";
import { decideRemedy } from "../remedies/decide-remedy";
import { giveRemedy } from "../remedies/give-remedy";
import { setRemedyLimits } from "../remedies/remedy-limits";
import { createSandboxPayPlatform } from "../sandbox/wechatpay/build-notification";
import { eventually } from "../testing/eventually";
import { startPaySandbox } from "../testing/pay-sandbox";
import { seedConversation, seedSignedInUser } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";
import { startWebhookServer } from "../testing/webhook-server";
import { followRefunds } from "./refunds/follow-refunds";
import { submitRefund } from "./refunds/submit-refund";

const { wechatPay } = await startPaySandbox();
setupTestDatabase({ jobs: true });
const webhooks = startWebhookServer();
beforeAll(() => {
  wechatPay.merchant.notifyUrl = `${webhooks.base()}/webhooks/wechatpay`;
});

const unique = () => Math.random().toString(36).slice(2, 10);

/** A paid order of a customer the agent is talking to; WeChat Pay knows the payment unless told not to. */
async function seedPaidOrder(agentId: string, totalFen: number, options: { knownToWechatPay?: boolean } = {}) {
  const conversation = await seedConversation({ assigneeId: agentId });
  const orderNo = `LD${unique()}`;
  const transactionId = `4200${unique()}${unique()}`;
  const paidAt = new Date();
  const order = await db().order.create({
    data: {
      orderNo,
      totalFen,
      status: "PAID",
      paidAt,
      customerId: conversation.customerId,
      payments: {
        create: { outTradeNo: orderNo, transactionId, amountFen: totalFen, paidFen: totalFen, status: "PAID", paidAt },
      },
    },
  });
  await db().customer.update({ where: { id: conversation.customerId }, data: { lifetimeValueFen: totalFen } });
  if (options.knownToWechatPay !== false) {
    wechatPay.pay({ outTradeNo: orderNo, transactionId, totalFen, openid: `o${unique()}`, paidAt });
  }
  return order;
}

const orderOf = (orderNo: string) =>
  db().order.findUniqueOrThrow({ where: { orderNo }, include: { refunds: true, payments: true, customer: true } });
const sandboxRefundsOf = (orderNo: string) =>
  [...wechatPay.refunds.values()].filter((refund) => refund.outTradeNo === orderNo);

describe("refunds from the console", () => {
  it("an agent's refund within the limit reaches WeChat Pay once, and its notification refunds the order", async () => {
    const agent = await seedSignedInUser();
    const order = await seedPaidOrder(agent.user.id, 12_800);
    const decision = await giveRemedy(
      agent.sessionUser,
      { kind: "REFUND", orderNo: order.orderNo, amountFen: 12_800, reason: "尺码不合适" },
      null,
    );
    expect(decision.state).toBe("given");
    expect((await orderOf(order.orderNo)).status).toBe("REFUNDING");

    // The job submits it: WeChat Pay accepts it and reports PROCESSING.
    await eventually(
      () => orderOf(order.orderNo),
      (current) => current.refunds[0]?.submittedAt != null,
    );
    expect(sandboxRefundsOf(order.orderNo)).toHaveLength(1);
    expect(sandboxRefundsOf(order.orderNo)[0]).toMatchObject({ refundFen: 12_800, reason: "尺码不合适" });

    await wechatPay.settleRefunds();
    const refunded = await eventually(
      () => orderOf(order.orderNo),
      (current) => current.status === "REFUNDED",
    );
    expect(refunded.refunds).toMatchObject([{ status: "SUCCESS", amountFen: 12_800, requestedById: agent.user.id }]);
    expect(refunded.payments[0]?.status).toBe("REFUNDED");
    expect(refunded.paymentStatus).toBe("REFUNDED");
    expect(refunded.customer.lifetimeValueFen).toBe(0);
    const audit = await db().auditLog.findMany({ where: { action: "remedy.given", actorId: agent.user.id } });
    expect(audit).toHaveLength(1);
  });

  it("a refund whose answer was lost is submitted again under the same number: one refund at WeChat Pay", async () => {
    const agent = await seedSignedInUser();
    const order = await seedPaidOrder(agent.user.id, 5_000);
    wechatPay.loseNextAnswers(1);
    await giveRemedy(
      agent.sessionUser,
      { kind: "REFUND", orderNo: order.orderNo, amountFen: 2_000, reason: "少发一件" },
      null,
    );
    // The job's first attempt: WeChat Pay refunded, but the answer never came back.
    const refund = await eventually(
      () => db().refund.findFirstOrThrow({ where: { orderId: order.id } }),
      (current) => current.failureReason !== null,
    );
    expect(refund).toMatchObject({ status: "PROCESSING", submittedAt: null });
    // Its retry, then a redelivered copy of it: nothing more reaches WeChat Pay.
    await submitRefund(refund.id);
    expect((await db().refund.findUniqueOrThrow({ where: { id: refund.id } })).submittedAt).not.toBeNull();
    await db().refund.update({ where: { id: refund.id }, data: { submittedAt: null } });
    await submitRefund(refund.id);
    expect(sandboxRefundsOf(order.orderNo)).toHaveLength(1);
    expect(sandboxRefundsOf(order.orderNo)[0]?.outRefundNo).toBe(refund.outRefundNo);
    // A partial refund leaves the order's status and shows as partly refunded once it succeeds.
    expect((await orderOf(order.orderNo)).status).toBe("PAID");
  });

  it("a refund over the agent's limit waits for a supervisor, who approves it once", async () => {
    const agent = await seedSignedInUser();
    const supervisor = await seedSignedInUser({ role: "SUPERVISOR" });
    const order = await seedPaidOrder(agent.user.id, 50_000);
    const decision = await giveRemedy(
      agent.sessionUser,
      { kind: "REFUND", orderNo: order.orderNo, amountFen: 30_000, reason: "质量问题" },
      null,
    );
    expect(decision).toMatchObject({ state: "pending_approval", overLimit: "per_remedy" });
    expect(await db().refund.count({ where: { orderId: order.id } })).toBe(0);
    expect((await orderOf(order.orderNo)).status).toBe("PAID");

    // What waits for approval is not refundable a second time meanwhile.
    await expect(
      giveRemedy(
        supervisor.sessionUser,
        { kind: "REFUND", orderNo: order.orderNo, amountFen: 25_000, reason: "重复" },
        null,
      ),
    ).rejects.toMatchObject({ code: "CONFLICT" });

    const requestId = decision.remedyId;
    const approved = await decideRemedy(supervisor.sessionUser, requestId, { approve: true }, null);
    expect(approved.status).toBe("APPROVED");
    await expect(decideRemedy(supervisor.sessionUser, requestId, { approve: false }, null)).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const refund = await db().refund.findFirstOrThrow({ where: { orderId: order.id } });
    expect(refund).toMatchObject({ amountFen: 30_000, requestedById: agent.user.id, approvedById: supervisor.user.id });
    await eventually(
      () => Promise.resolve(sandboxRefundsOf(order.orderNo).length),
      (count) => count === 1,
    );
    const actions = await db().auditLog.findMany({
      where: { subjectId: requestId },
      orderBy: { createdAt: "asc" },
    });
    expect(actions.map((entry) => entry.action)).toEqual(["remedy.requested", "remedy.approved"]);
  });

  it("the daily limit counts the agent's own refunds of the day", async () => {
    const admin = await seedSignedInUser({ role: "ADMIN" });
    await setRemedyLimits(
      admin.sessionUser,
      {
        limits: [
          { role: "AGENT", perRemedyFen: 20_000, maxOrderSharePct: null, perDayFen: 25_000, brandPerDayFen: null },
        ],
      },
      null,
    );
    const agent = await seedSignedInUser();
    const first = await seedPaidOrder(agent.user.id, 15_000);
    const second = await seedPaidOrder(agent.user.id, 15_000);
    expect(
      (
        await giveRemedy(
          agent.sessionUser,
          { kind: "REFUND", orderNo: first.orderNo, amountFen: 15_000, reason: "退货" },
          null,
        )
      ).state,
    ).toBe("given");
    expect(
      await giveRemedy(
        agent.sessionUser,
        { kind: "REFUND", orderNo: second.orderNo, amountFen: 15_000, reason: "退货" },
        null,
      ),
    ).toMatchObject({ state: "pending_approval", overLimit: "per_day" });
    await setRemedyLimits(
      admin.sessionUser,
      {
        limits: [
          { role: "AGENT", perRemedyFen: 20_000, maxOrderSharePct: null, perDayFen: 100_000, brandPerDayFen: null },
        ],
      },
      null,
    );
  });

  it("two refunds at once cannot give back more than was paid", async () => {
    const supervisor = await seedSignedInUser({ role: "SUPERVISOR" });
    const order = await seedPaidOrder(supervisor.user.id, 10_000);
    const results = await Promise.allSettled(
      [6_000, 6_000].map((amountFen) =>
        giveRemedy(supervisor.sessionUser, { kind: "REFUND", orderNo: order.orderNo, amountFen, reason: "补偿" }, null),
      ),
    );
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await db().refund.count({ where: { orderId: order.id } })).toBe(1);
  });

  it("a refund WeChat Pay refuses is closed with its reason and the order goes back to paid", async () => {
    const agent = await seedSignedInUser();
    const order = await seedPaidOrder(agent.user.id, 8_800, { knownToWechatPay: false });
    await giveRemedy(
      agent.sessionUser,
      { kind: "REFUND", orderNo: order.orderNo, amountFen: 8_800, reason: "不想要了" },
      null,
    );
    const closed = await eventually(
      () => db().refund.findFirstOrThrow({ where: { orderId: order.id } }),
      (refund) => refund.status === "CLOSED",
    );
    expect(closed.failureReason).toContain("RESOURCE_NOT_EXISTS");
    const after = await orderOf(order.orderNo);
    expect(after).toMatchObject({ status: "PAID", statusBeforeRefund: null });
    expect(after.payments[0]?.status).toBe("PAID");
  });

  it("a refund whose notification never came is settled by asking WeChat Pay", async () => {
    const agent = await seedSignedInUser();
    const order = await seedPaidOrder(agent.user.id, 3_000);
    wechatPay.merchant.notifyUrl = undefined;
    try {
      await giveRemedy(
        agent.sessionUser,
        { kind: "REFUND", orderNo: order.orderNo, amountFen: 3_000, reason: "商品缺货" },
        null,
      );
      await eventually(
        () => db().refund.findFirstOrThrow({ where: { orderId: order.id } }),
        (refund) => refund.submittedAt !== null,
      );
      await wechatPay.settleRefunds();
      expect((await orderOf(order.orderNo)).status).toBe("REFUNDING");
      await followRefunds(new Date(Date.now() + 3600_000));
      expect((await orderOf(order.orderNo)).status).toBe("REFUNDED");
    } finally {
      wechatPay.merchant.notifyUrl = `${webhooks.base()}/webhooks/wechatpay`;
    }
  });

  it("an answer not signed by WeChat Pay is not believed", async () => {
    const agent = await seedSignedInUser();
    const order = await seedPaidOrder(agent.user.id, 4_000);
    const realPlatform = wechatPay.merchant.platform;
    wechatPay.merchant.platform = createSandboxPayPlatform(realPlatform.apiV3Key);
    try {
      await giveRemedy(
        agent.sessionUser,
        { kind: "REFUND", orderNo: order.orderNo, amountFen: 4_000, reason: "质量问题" },
        null,
      );
      const refund = await eventually(
        () => db().refund.findFirstOrThrow({ where: { orderId: order.id } }),
        (current) => current.failureReason !== null,
      );
      expect(refund).toMatchObject({ status: "PROCESSING", submittedAt: null });
      expect(refund.failureReason).toContain("UNVERIFIED_ANSWER");
    } finally {
      wechatPay.merchant.platform = realPlatform;
    }
  });
});
