// The sidebar recommends what the customer asked about, never what cannot be sold, and a coupon only
// by rule and within the agent's caps; a product card sent from it is remembered once, and the order
// the customer pays within 7 days is credited to it.
import { describe, expect, it } from "vitest";
import { db } from "../db/db";
import { seedConversation, seedSignedInUser } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";
import { attributeOrders } from "./attribute-orders";
import { sendProductCard } from "./give-recommendation";
import { forgetProductCatalog } from "./product-catalog";
import { recommendForConversation } from "./recommend";

setupTestDatabase({ jobs: true });

const unique = () => Math.random().toString(36).slice(2, 8);

async function conversationSaying(...texts: string[]) {
  const conversation = await seedConversation();
  await db().conversation.update({
    where: { id: conversation.id },
    data: {
      replyWindowKind: "MESSAGE",
      replyWindowExpiresAt: new Date(Date.now() + 3_600_000),
      replyWindowRemaining: 5,
    },
  });
  for (const [index, text] of texts.entries()) {
    await db().message.create({
      data: {
        conversationId: conversation.id,
        channelAccountId: conversation.channelAccountId,
        direction: "INBOUND",
        senderKind: "CUSTOMER",
        type: "TEXT",
        body: { type: "TEXT", text },
        text,
        externalMsgId: `m${unique()}${index}`,
        sentAt: new Date(Date.now() - (texts.length - index) * 1000),
      },
    });
  }
  return conversation;
}

async function seedProducts() {
  const tag = unique();
  const product = (sku: string, data: { name: string; stock: number; active?: boolean; tags?: string[] }) =>
    db().product.create({ data: { sku: `${sku}-${tag}`, priceFen: 8_900, ...data } });
  const products = {
    cup: await product("CUP", { name: "真空保温杯 350ml 樱花粉", stock: 30, tags: ["保温杯"] }),
    soldOut: await product("CUP-OUT", { name: "真空保温杯 500ml 曜石黑", stock: 0, tags: ["保温杯"] }),
    retired: await product("CUP-OLD", { name: "旧款保温杯", stock: 50, active: false, tags: ["保温杯"] }),
    tee: await product("TEE", { name: "纯棉短袖T恤 白色 M", stock: 100, tags: ["T恤"] }),
  };
  forgetProductCatalog();
  return products;
}

describe("recommendations", () => {
  it("recommends the product the customer asked about, never one out of stock or switched off", async () => {
    const products = await seedProducts();
    const { sessionUser } = await seedSignedInUser();
    const conversation = await conversationSaying("你们的保温杯能装开水吗", "有没有小一点的保温杯");
    const { products: recommended } = await recommendForConversation(sessionUser, conversation.id);
    const ids = recommended.map((product) => product.productId);
    expect(ids).toContain(products.cup.id);
    expect(ids).not.toContain(products.soldOut.id);
    expect(ids).not.toContain(products.retired.id);
    expect(recommended.find((product) => product.productId === products.cup.id)?.reason).toContain("保温杯");
  });

  it("suggests a coupon by rule (compensation for an open anomaly) and only stocks within the agent's cap", async () => {
    const { sessionUser } = await seedSignedInUser();
    const conversation = await conversationSaying("我的快递三天没动了");
    await db().customer.update({ where: { id: conversation.customerId }, data: { openAnomalyCount: 1 } });
    const stock = (amountFen: number) =>
      db().couponStock.create({
        data: {
          stockId: String(Date.now() + amountFen),
          name: `券 ${amountFen}`,
          creatorMchId: "1900009191",
          mchId: "1900009191",
          appId: "wx0000000000000000",
          amountFen,
          minimumFen: 0,
        },
      });
    const small = await stock(10_00);
    const withinCap = await stock(50_00);
    const overCap = await stock(500_00);
    const { coupons } = await recommendForConversation(sessionUser, conversation.id);
    expect(coupons).toEqual([
      expect.objectContaining({ couponStockId: withinCap.id, reason: expect.stringContaining("补偿") }),
    ]);
    expect(coupons.map((coupon) => coupon.couponStockId)).not.toContain(overCap.id);
    expect(coupons.map((coupon) => coupon.couponStockId)).not.toContain(small.id);
    await db().couponStock.updateMany({
      where: { id: { in: [small.id, withinCap.id, overCap.id] } },
      data: { active: false },
    });

    // A customer with nothing to compensate, not hesitating, new: no coupon.
    const plain = await conversationSaying("你好");
    expect((await recommendForConversation(sessionUser, plain.id)).coupons).toEqual([]);
  });

  it("a product card sent from it is recorded once, and the order paid within 7 days is credited to it", async () => {
    const products = await seedProducts();
    const { sessionUser } = await seedSignedInUser();
    const conversation = await conversationSaying("保温杯有粉色吗");
    const input = { sku: products.cup.sku, reason: "客户提到「保温杯」", clientMsgId: `card${unique()}x` };
    const message = await sendProductCard(sessionUser, conversation.id, input);
    expect(message.content).toMatchObject({ type: "PRODUCT_CARD", sku: products.cup.sku });
    expect(message.text).toContain("真空保温杯");
    await sendProductCard(sessionUser, conversation.id, input);
    const [recommendation, ...others] = await db().recommendation.findMany({
      where: { conversationId: conversation.id },
    });
    expect(others).toHaveLength(0);
    expect(recommendation).toMatchObject({ kind: "PRODUCT", productId: products.cup.id, sentById: sessionUser.id });

    const order = (paidInDays: number, productId: string) =>
      db().order.create({
        data: {
          orderNo: `LD${unique()}${paidInDays}`,
          totalFen: 8_900,
          status: "PAID",
          customerId: conversation.customerId,
          paidAt: new Date((recommendation?.createdAt.getTime() ?? 0) + paidInDays * 86_400_000),
          items: { create: { sku: "X", name: "x", quantity: 1, unitPriceFen: 8_900, productId } },
        },
      });
    await order(1, products.tee.id); // another product: not this card's doing
    const late = await order(8, products.cup.id);
    expect(await attributeOrders()).toBe(0);
    const credited = await order(2, products.cup.id);
    expect(await attributeOrders()).toBe(1);
    expect(await attributeOrders()).toBe(0);
    const after = await db().recommendation.findUniqueOrThrow({ where: { id: recommendation?.id } });
    expect(after.orderId).toBe(credited.id);
    expect(after.orderId).not.toBe(late.id);
  });

  it("a product sold out since the catalogue was read is not sent", async () => {
    const products = await seedProducts();
    const { sessionUser } = await seedSignedInUser();
    const conversation = await conversationSaying("T恤有白色M吗");
    await db().product.update({ where: { id: products.tee.id }, data: { stock: 0 } });
    await expect(
      sendProductCard(sessionUser, conversation.id, { sku: products.tee.sku, reason: "客户提到「t恤」" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db().message.count({ where: { conversationId: conversation.id, direction: "OUTBOUND" } })).toBe(0);
  });
});
