// An agent makes good on an anomaly: a WeChat Pay coupon issued exactly once however often its job
// runs, told in the chat and on the anomaly; a remedy over the agent's caps waits for a supervisor;
// the brand's daily budget holds across agents; WeChat Pay's refusals leave the budgets; a coupon is
// recorded as used when the order it paid for is paid.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/db";
import { eventually } from "../testing/eventually";
import { startPaySandbox, TEST_MCH_ID, TEST_PAY_APP_ID } from "../testing/pay-sandbox";
import { seedConversation, seedSignedInUser } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";
import { startWebhookServer } from "../testing/webhook-server";
import { issueCoupon } from "./coupons/issue-coupon";
import { decideRemedy } from "./decide-remedy";
import { giveRemedy } from "./give-remedy";
import { setRemedyLimits } from "./remedy-limits";
import { sweepRemedies } from "./sweep-remedies";

const { wechatPay } = await startPaySandbox();
setupTestDatabase({ jobs: true });
const webhooks = startWebhookServer();
beforeAll(() => {
  wechatPay.merchant.notifyUrl = `${webhooks.base()}/webhooks/wechatpay`;
});

const unique = () => Math.random().toString(36).slice(2, 10);
const noCaps = { perRemedyFen: null, maxOrderSharePct: null, perDayFen: null, brandPerDayFen: null };

/** A coupon stock as the brand created it at WeChat Pay, added in Settings. */
async function seedStock(options: { amountFen?: number; maxPerUser?: number; maxCoupons?: number } = {}) {
  const stockId = String(Date.now()).slice(-8) + String(Math.floor(Math.random() * 1000));
  const amountFen = options.amountFen ?? 1_000;
  wechatPay.coupons.addStock({
    stockId,
    creatorMchId: TEST_MCH_ID,
    appId: TEST_PAY_APP_ID,
    name: "售后补偿券",
    amountFen,
    minimumFen: 5_000,
    maxCoupons: options.maxCoupons ?? 100,
    maxPerUser: options.maxPerUser ?? 5,
    status: "running",
  });
  return db().couponStock.create({
    data: {
      stockId,
      creatorMchId: TEST_MCH_ID,
      mchId: TEST_MCH_ID,
      appId: TEST_PAY_APP_ID,
      name: "售后补偿券",
      amountFen,
      minimumFen: 5_000,
    },
  });
}

/** A customer chatting on WeCom kf, who also follows the brand's Official Account (merged by unionid). */
async function seedCustomerWithAnomaly(agentId: string) {
  const conversation = await seedConversation({ assigneeId: agentId });
  const openid = `o${unique()}`;
  const oa = await db().channelAccount.upsert({
    where: { kind_appId_openKfId: { kind: "OFFICIAL_ACCOUNT", appId: TEST_PAY_APP_ID, openKfId: "" } },
    create: { kind: "OFFICIAL_ACCOUNT", name: "品牌公众号", appId: TEST_PAY_APP_ID },
    update: {},
  });
  await db().customerIdentity.create({
    data: { externalId: openid, customerId: conversation.customerId, channelAccountId: oa.id },
  });
  const order = await db().order.create({
    data: { orderNo: `LD${unique()}`, totalFen: 20_000, status: "SHIPPED", customerId: conversation.customerId },
  });
  const anomaly = await db().anomaly.create({
    data: {
      type: "LOGISTICS_STALLED",
      subjectType: "order",
      subjectId: order.id,
      openKey: `LOGISTICS_STALLED:order:${order.id}`,
      orderId: order.id,
      customerId: conversation.customerId,
      conversationId: conversation.id,
    },
  });
  return { conversation, order, anomaly, openid };
}

describe("remedies with guardrails", () => {
  it("a coupon from an anomaly is issued once however often its job runs, and shows in the chat and on the anomaly", async () => {
    const agent = await seedSignedInUser();
    const stock = await seedStock();
    const { anomaly, openid, conversation } = await seedCustomerWithAnomaly(agent.user.id);

    const decision = await giveRemedy(
      agent.sessionUser,
      { kind: "COUPON", anomalyId: anomaly.id, couponStockId: stock.id, reason: "物流延误致歉" },
      null,
    );
    expect(decision.state).toBe("given");
    const grant = await eventually(
      () => db().couponGrant.findFirstOrThrow({ where: { anomalyId: anomaly.id } }),
      (current) => current.status === "SENT",
    );
    expect(grant).toMatchObject({ openid, appId: TEST_PAY_APP_ID, amountFen: 1_000 });
    // The job again, as if WeChat Pay's answer had been lost: the same out_request_no, the same coupon.
    await db().couponGrant.update({ where: { id: grant.id }, data: { status: "PENDING" } });
    await issueCoupon(grant.id);
    const again = await db().couponGrant.findUniqueOrThrow({ where: { id: grant.id } });
    expect(again.couponId).toBe(grant.couponId);
    expect(wechatPay.coupons.couponsOf(openid)).toHaveLength(1);

    expect((await db().anomaly.findUniqueOrThrow({ where: { id: anomaly.id } })).remedyCostFen).toBe(1_000);
    const events = await db().message.findMany({ where: { conversationId: conversation.id, type: "EVENT" } });
    expect(events.map((event) => event.text)).toContain("[已发券] 售后补偿券 ¥10.00");
    const audit = await db().auditLog.findMany({ where: { subjectId: decision.remedyId } });
    expect(audit.map((entry) => [entry.action, (entry.details as { costFen: number }).costFen])).toEqual([
      ["remedy.given", 1_000],
    ]);
  });

  it("a remedy over the agent's cap waits for a supervisor, who approves it in one click", async () => {
    const admin = await seedSignedInUser({ role: "ADMIN" });
    await setRemedyLimits(admin.sessionUser, { limits: [{ role: "AGENT", ...noCaps, perRemedyFen: 500 }] }, null);
    const agent = await seedSignedInUser();
    const supervisor = await seedSignedInUser({ role: "SUPERVISOR" });
    const stock = await seedStock();
    const { anomaly, openid } = await seedCustomerWithAnomaly(agent.user.id);
    const decision = await giveRemedy(
      agent.sessionUser,
      { kind: "COUPON", anomalyId: anomaly.id, couponStockId: stock.id, reason: "包裹丢失" },
      null,
    );
    expect(decision).toMatchObject({ state: "pending_approval", overLimit: "per_remedy" });
    expect(await db().couponGrant.count({ where: { anomalyId: anomaly.id } })).toBe(0);
    expect((await db().anomaly.findUniqueOrThrow({ where: { id: anomaly.id } })).remedyCostFen).toBe(0);

    await expect(decideRemedy(supervisor.sessionUser, decision.remedyId, { approve: true }, null)).resolves.toEqual({
      status: "APPROVED",
    });
    await expect(
      decideRemedy(supervisor.sessionUser, decision.remedyId, { approve: true }, null),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await eventually(
      () => Promise.resolve(wechatPay.coupons.couponsOf(openid).length),
      (count) => count === 1,
    );
    expect((await db().anomaly.findUniqueOrThrow({ where: { id: anomaly.id } })).remedyCostFen).toBe(1_000);
    const audit = await db().auditLog.findMany({
      where: { subjectId: decision.remedyId },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((entry) => entry.action)).toEqual(["remedy.requested", "remedy.approved"]);
    await setRemedyLimits(admin.sessionUser, { limits: [{ role: "AGENT", ...noCaps, perRemedyFen: 20_000 }] }, null);
  });

  it("the brand's budget for the day holds across agents, and a share of the order caps money given back", async () => {
    const admin = await seedSignedInUser({ role: "ADMIN" });
    const spentAlready = await db().remedy.aggregate({
      where: {
        createdAt: { gte: new Date(Date.now() - 86_400_000) },
        status: { in: ["GIVEN", "APPROVED"] },
        failedAt: null,
      },
      _sum: { costFen: true },
    });
    await setRemedyLimits(
      admin.sessionUser,
      {
        limits: [
          { role: "AGENT", ...noCaps, maxOrderSharePct: 4, brandPerDayFen: (spentAlready._sum.costFen ?? 0) + 1_500 },
        ],
      },
      null,
    );
    const stock = await seedStock();
    const first = await seedSignedInUser();
    const second = await seedSignedInUser();
    const one = await seedCustomerWithAnomaly(first.user.id);
    const two = await seedCustomerWithAnomaly(second.user.id);
    const coupon = (anomalyId: string) => ({
      kind: "COUPON" as const,
      anomalyId,
      couponStockId: stock.id,
      reason: "致歉",
    });
    // ¥10 of a ¥200 order is 5%: over the agents' 4%.
    expect(await giveRemedy(first.sessionUser, coupon(one.anomaly.id), null)).toMatchObject({
      overLimit: "order_share",
    });
    await setRemedyLimits(
      admin.sessionUser,
      { limits: [{ role: "AGENT", ...noCaps, brandPerDayFen: (spentAlready._sum.costFen ?? 0) + 1_500 }] },
      null,
    );
    expect((await giveRemedy(first.sessionUser, coupon(one.anomaly.id), null)).state).toBe("given");
    // The brand has ¥5 left today: another agent's ¥10 coupon waits for a supervisor.
    expect(await giveRemedy(second.sessionUser, coupon(two.anomaly.id), null)).toMatchObject({
      state: "pending_approval",
      overLimit: "brand_per_day",
    });
    await setRemedyLimits(admin.sessionUser, { limits: [{ role: "AGENT", ...noCaps, perRemedyFen: 20_000 }] }, null);
  });

  it("WeChat Pay's refusal (the customer's limit reached) fails the coupon with its reason and takes it off the budgets", async () => {
    const supervisor = await seedSignedInUser({ role: "SUPERVISOR" });
    const stock = await seedStock({ maxPerUser: 1 });
    const { anomaly } = await seedCustomerWithAnomaly(supervisor.user.id);
    const give = () =>
      giveRemedy(
        supervisor.sessionUser,
        { kind: "COUPON", anomalyId: anomaly.id, couponStockId: stock.id, reason: "致歉" },
        null,
      );
    await give();
    await eventually(
      () => db().couponGrant.findFirstOrThrow({ where: { anomalyId: anomaly.id } }),
      (grant) => grant.status === "SENT",
    );
    const second = await give();
    const refused = await eventually(
      () => db().couponGrant.findFirstOrThrow({ where: { remedy: { id: second.remedyId } } }),
      (grant) => grant.status === "FAILED",
    );
    expect(refused.failureReason).toContain("RULE_LIMIT");
    expect((await db().remedy.findUniqueOrThrow({ where: { id: second.remedyId } })).failedAt).not.toBeNull();
    expect((await db().anomaly.findUniqueOrThrow({ where: { id: anomaly.id } })).remedyCostFen).toBe(1_000);
  });

  it("a customer with no openid under the stock's app cannot be given a coupon, and is told why", async () => {
    const agent = await seedSignedInUser();
    const stock = await seedStock();
    const conversation = await seedConversation({ assigneeId: agent.user.id });
    await expect(
      giveRemedy(
        agent.sessionUser,
        { kind: "COUPON", conversationId: conversation.id, couponStockId: stock.id, reason: "致歉" },
        null,
      ),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("openid") });
    expect(await db().remedy.count({ where: { conversationId: conversation.id } })).toBe(0);
  });

  it("a coupon is recorded as used when the order it paid part of is paid", async () => {
    const supervisor = await seedSignedInUser({ role: "SUPERVISOR" });
    const stock = await seedStock();
    const { anomaly, openid, conversation } = await seedCustomerWithAnomaly(supervisor.user.id);
    await giveRemedy(
      supervisor.sessionUser,
      { kind: "COUPON", anomalyId: anomaly.id, couponStockId: stock.id, reason: "致歉" },
      null,
    );
    const grant = await eventually(
      () => db().couponGrant.findFirstOrThrow({ where: { anomalyId: anomaly.id } }),
      (current) => current.status === "SENT",
    );
    const next = await db().order.create({
      data: { orderNo: `LD${unique()}`, totalFen: 8_000, customerId: conversation.customerId },
    });
    const used = wechatPay.coupons.spendBestCoupon(openid, next.totalFen);
    expect(used?.coupon.couponId).toBe(grant.couponId);
    await wechatPay.notifyPayment({
      outTradeNo: next.orderNo,
      transactionId: `4200${unique()}${unique()}`,
      totalFen: next.totalFen,
      openid,
      paidAt: new Date(),
      coupon: { couponId: grant.couponId ?? "", stockId: stock.stockId, name: stock.name, amountFen: stock.amountFen },
    });
    const after = await eventually(
      () => db().couponGrant.findUniqueOrThrow({ where: { id: grant.id } }),
      (current) => current.status === "USED",
    );
    expect(after.usedOrderId).toBe(next.id);
  });
});

describe("remedies left undone", () => {
  it("a coupon still not issued after a day is given up, off the budgets and the anomaly's cost", async () => {
    const supervisor = await seedSignedInUser({ role: "SUPERVISOR" });
    const stock = await seedStock();
    const { anomaly, openid } = await seedCustomerWithAnomaly(supervisor.user.id);
    const dayAgo = new Date(Date.now() - 25 * 3_600_000);
    const grant = await db().couponGrant.create({
      data: {
        outRequestNo: `${TEST_MCH_ID}${unique()}`,
        openid,
        appId: TEST_PAY_APP_ID,
        amountFen: 1_000,
        minimumFen: 5_000,
        couponStockId: stock.id,
        customerId: anomaly.customerId ?? "",
        anomalyId: anomaly.id,
        createdAt: dayAgo,
      },
    });
    const remedy = await db().remedy.create({
      data: {
        kind: "COUPON",
        status: "GIVEN",
        costFen: 1_000,
        reason: "致歉",
        customerId: anomaly.customerId ?? "",
        anomalyId: anomaly.id,
        couponStockId: stock.id,
        requestedById: supervisor.user.id,
        couponGrantId: grant.id,
        createdAt: dayAgo,
      },
    });
    await db().anomaly.update({ where: { id: anomaly.id }, data: { remedyCostFen: 1_000 } });

    await sweepRemedies();
    expect(await db().couponGrant.findUniqueOrThrow({ where: { id: grant.id } })).toMatchObject({
      status: "FAILED",
      failureReason: "not carried out within 24 hours",
    });
    expect((await db().remedy.findUniqueOrThrow({ where: { id: remedy.id } })).failedAt).not.toBeNull();
    expect((await db().anomaly.findUniqueOrThrow({ where: { id: anomaly.id } })).remedyCostFen).toBe(0);
    expect(wechatPay.coupons.couponsOf(openid)).toHaveLength(0);
  });
});
