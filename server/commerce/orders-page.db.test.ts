// The 订单 page: an agent finds an order by its number, its payment, its parcel or its customer,
// among the orders of customers they may see; supervisors see every order.
import { describe, expect, it } from "vitest";
import { db } from "../db/db";
import { seedConversation, seedSignedInUser, seedTeam } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";
import { getOrderStory } from "./orders/order-story";
import { searchOrders, searchOrdersSchema } from "./orders/search-orders";

setupTestDatabase();

const unique = () => Math.random().toString(36).slice(2, 10);
const find = (user: Parameters<typeof searchOrders>[0], query: Record<string, string> = {}) =>
  searchOrders(user, searchOrdersSchema.parse(query));

describe("the orders page", () => {
  it("finds an order by number, transaction id, tracking number or customer name, among those the agent may see", async () => {
    const agent = await seedSignedInUser();
    const mine = await seedConversation({ assigneeId: agent.user.id });
    await db().customer.update({ where: { id: mine.customerId }, data: { name: `韩梅梅${unique()}` } });
    const customer = await db().customer.findUniqueOrThrow({ where: { id: mine.customerId } });
    const order = await db().order.create({
      data: {
        orderNo: `LD${unique()}`,
        totalFen: 100,
        status: "SHIPPED",
        customerId: mine.customerId,
        payments: {
          create: { outTradeNo: `OT${unique()}`, transactionId: `4200${unique()}`, amountFen: 100, status: "PAID" },
        },
        shipments: { create: { carrier: "shunfeng", trackingNo: `SF${unique()}` } },
      },
      include: { payments: true, shipments: true },
    });
    const vip = await seedTeam({ isPrivate: true });
    const hidden = await seedConversation({ teamId: vip.id });
    const hiddenOrder = await db().order.create({
      data: { orderNo: `LD${unique()}`, totalFen: 1, customerId: hidden.customerId },
    });

    const byKey = async (q: string) => (await find(agent.sessionUser, { q })).orders.map((found) => found.orderNo);
    expect(await byKey(order.orderNo)).toEqual([order.orderNo]);
    expect(await byKey(order.payments[0]?.transactionId ?? "")).toEqual([order.orderNo]);
    expect(await byKey(order.shipments[0]?.trackingNo ?? "")).toEqual([order.orderNo]);
    expect(await byKey(customer.name)).toEqual([order.orderNo]);
    expect(await byKey(hiddenOrder.orderNo)).toEqual([]);

    const supervisor = await seedSignedInUser({ role: "SUPERVISOR" });
    expect((await find(supervisor.sessionUser, { q: hiddenOrder.orderNo })).orders).toHaveLength(1);
    expect((await find(supervisor.sessionUser, { status: "SHIPPED", q: order.orderNo })).orders).toHaveLength(1);
    expect((await find(supervisor.sessionUser, { status: "PAID", q: order.orderNo })).orders).toHaveLength(0);
  });

  it("pages newest first, each order once", async () => {
    const supervisor = await seedSignedInUser({ role: "SUPERVISOR" });
    const conversation = await seedConversation();
    const name = `分页客户${unique()}`;
    await db().customer.update({ where: { id: conversation.customerId }, data: { name } });
    const numbers: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const orderNo = `LD${unique()}`;
      numbers.push(orderNo);
      await db().order.create({
        data: {
          orderNo,
          totalFen: 1,
          customerId: conversation.customerId,
          createdAt: new Date(Date.now() - i * 60_000),
        },
      });
    }
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof find>> = await find(supervisor.sessionUser, {
        q: name,
        limit: "2",
        ...(after ? { after } : {}),
      });
      seen.push(...page.orders.map((order) => order.orderNo));
      after = page.next;
    } while (after);
    expect(seen).toEqual(numbers);
  });

  it("filters by payment, parcel, channel and the day ordered in China", async () => {
    const supervisor = await seedSignedInUser({ role: "SUPERVISOR" });
    const conversation = await seedConversation();
    const name = `筛选客户${unique()}`;
    await db().customer.update({ where: { id: conversation.customerId }, data: { name } });
    const order = (data: Record<string, unknown>) =>
      db().order.create({
        data: { orderNo: `LD${unique()}`, totalFen: 100, customerId: conversation.customerId, ...data },
      });
    const unpaid = await order({ channel: "official-account", createdAt: new Date("2026-12-04T16:30:00Z") });
    const refunded = await order({
      channel: "mini-program",
      status: "PAID",
      createdAt: new Date("2026-12-05T15:59:00Z"),
      paymentStatus: "PARTIALLY_REFUNDED",
      payments: { create: { outTradeNo: `OT${unique()}`, amountFen: 100, status: "PARTIALLY_REFUNDED" } },
    });
    const failed = await order({
      channel: "mini-program",
      status: "SHIPPED",
      createdAt: new Date("2026-12-05T16:00:00Z"),
      parcelStatus: "FAILED_DELIVERY",
      shipments: { create: { carrier: "yunda", trackingNo: `YD${unique()}`, status: "FAILED_DELIVERY" } },
    });
    const numbers = async (query: Record<string, string>) =>
      (await find(supervisor.sessionUser, { q: name, ...query })).orders.map((found) => found.orderNo);
    expect(await numbers({ payment: "UNPAID" })).toEqual([failed.orderNo, unpaid.orderNo]);
    expect(await numbers({ payment: "PARTIALLY_REFUNDED" })).toEqual([refunded.orderNo]);
    expect(await numbers({ parcel: "FAILED_DELIVERY" })).toEqual([failed.orderNo]);
    expect(await numbers({ channel: "official-account" })).toEqual([unpaid.orderNo]);
    // 2026-12-05 in China runs from 2026-12-04T16:00Z to 2026-12-05T16:00Z.
    expect(await numbers({ from: "2026-12-05", to: "2026-12-05" })).toEqual([refunded.orderNo, unpaid.orderNo]);
  });

  it("an order's page tells its story with the customer's conversations the agent may open", async () => {
    const agent = await seedSignedInUser();
    const conversation = await seedConversation({ assigneeId: agent.user.id });
    const order = await db().order.create({
      data: { orderNo: `LD${unique()}`, totalFen: 100, customerId: conversation.customerId },
    });
    const story = await getOrderStory(agent.sessionUser, order.orderNo);
    expect(story.order.orderNo).toBe(order.orderNo);
    expect(story.conversations.map((found) => found.id)).toEqual([conversation.id]);

    const outsider = await seedSignedInUser();
    const vip = await seedTeam({ isPrivate: true });
    const hidden = await seedConversation({ teamId: vip.id });
    const hiddenOrder = await db().order.create({
      data: { orderNo: `LD${unique()}`, totalFen: 1, customerId: hidden.customerId },
    });
    await expect(getOrderStory(outsider.sessionUser, hiddenOrder.orderNo)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
