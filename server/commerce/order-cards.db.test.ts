// The customer asks where their parcel is; the agent answers with one click: the order or the parcel
// as a card in the channel's own format, spending a reply like any message.
import { describe, expect, it } from "vitest";
import { db } from "../db/db";
import type { SandboxWechatApp } from "../sandbox/wechat/wechat-fake";
import { conversationOf, settledDelivery, startChannelHarness, uniqueId as unique } from "../testing/channel-harness";
import { codeOf } from "../testing/eventually";
import { seedSignedInUser } from "../testing/seed";
import { setTestEnv } from "../testing/test-env";
import { sendOrderCard } from "./cards/send-order-card";

setTestEnv({
  SHOP_ORDER_URL: "https://shop.example.com/orders/{orderNo}",
  MINIPROGRAM_ORDER_PAGE: "pages/order/detail?no={orderNo}",
});
const corp = {
  corpId: "wwcardscorp00001",
  secret: "kf-secret",
  token: "kfToken",
  aesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
};
const oa: SandboxWechatApp = {
  kind: "OFFICIAL_ACCOUNT",
  appId: "wx00000000000000cd",
  originalId: "gh_cards",
  secret: "oa-secret",
  token: "oaToken",
  aesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};
const mp: SandboxWechatApp = {
  ...oa,
  kind: "MINI_PROGRAM",
  appId: "wx00000000000000mc",
  originalId: "gh_cards_mp",
  format: "json",
};
const sandbox = await startChannelHarness({ corp, officialAccount: oa, miniProgram: mp });

async function shippedOrderOf(customerId: string) {
  const orderNo = `LD${unique()}`;
  return db().order.create({
    data: {
      orderNo,
      totalFen: 17_800,
      status: "SHIPPED",
      customerId,
      items: { create: { sku: "TEE-L", name: "纯棉T恤", quantity: 2, unitPriceFen: 8_900 } },
      shipments: {
        create: {
          carrier: "shunfeng",
          trackingNo: `SF${unique()}`,
          status: "IN_TRANSIT",
          events: {
            create: [
              {
                occurredAt: new Date("2026-12-06T01:12:00Z"),
                carrierCode: "0",
                status: "IN_TRANSIT",
                description: "快件已到达【上海转运中心】",
                dedupeKey: "a",
              },
            ],
          },
        },
      },
    },
    include: { shipments: true },
  });
}

describe("order and tracking cards in the chat", () => {
  it("a WeCom kf customer gets the parcel as a mini-program card, and the reply is counted", async () => {
    const agent = await seedSignedInUser();
    const openKfId = `wk${unique()}`;
    const customer = `wm${unique()}`;
    await sandbox.wecom.customerSends({ openKfId, externalUserId: customer, text: "我的快递到哪了？" });
    const conversation = await conversationOf(customer);
    const order = await shippedOrderOf(conversation.customerId);
    const trackingNo = order.shipments[0]?.trackingNo ?? "";

    const message = await sendOrderCard(agent.sessionUser, conversation.id, {
      orderNo: order.orderNo,
      kind: "tracking",
    });
    expect(message.text).toBe(`[物流] 顺丰速运 ${trackingNo} · 运输中`);
    expect((await settledDelivery(message.id)).deliveryStatus).toBe("SENT");
    const sent = sandbox.wecom.sent.filter((entry) => entry.toUser === customer);
    expect(sent).toMatchObject([{ msgtype: "miniprogram", title: `顺丰速运 ${trackingNo} · 运输中` }]);
    const after = await db().conversation.findUniqueOrThrow({ where: { id: conversation.id } });
    expect(after.replyWindowRemaining).toBe(4);
    const stored = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(stored.body).toMatchObject({
      type: "TRACKING_CARD",
      description: `最新：12-06 09:12 快件已到达【上海转运中心】（订单 ${order.orderNo}）`,
      miniProgram: { appId: mp.appId, pagePath: `pages/order/detail?no=${order.orderNo}` },
      url: `https://shop.example.com/orders/${order.orderNo}`,
    });
  });

  it("an Official Account follower gets the order as a mini-program page", async () => {
    const agent = await seedSignedInUser();
    const customer = `o${unique()}`;
    await sandbox.wechat.customerSends(oa.appId, customer, "我买的T恤发货了吗");
    const conversation = await conversationOf(customer);
    const order = await shippedOrderOf(conversation.customerId);
    const message = await sendOrderCard(agent.sessionUser, conversation.id, { orderNo: order.orderNo, kind: "order" });
    expect((await settledDelivery(message.id)).deliveryStatus).toBe("SENT");
    expect(sandbox.wechat.sent.filter((entry) => entry.toUser === customer)).toMatchObject([
      { msgtype: "miniprogrampage", title: `订单 ${order.orderNo} · 已发货` },
    ]);
  });

  it("another customer's order never goes into the chat", async () => {
    const agent = await seedSignedInUser();
    const customer = `o${unique()}`;
    await sandbox.wechat.customerSends(oa.appId, customer, "你好");
    const conversation = await conversationOf(customer);
    const stranger = await db().customer.create({ data: { name: "别人" } });
    const order = await shippedOrderOf(stranger.id);
    expect(
      await codeOf(sendOrderCard(agent.sessionUser, conversation.id, { orderNo: order.orderNo, kind: "order" })),
    ).toBe("NOT_FOUND");
    expect(sandbox.wechat.sent.filter((entry) => entry.toUser === customer)).toHaveLength(0);
  });
});
