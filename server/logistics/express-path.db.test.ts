// A waybill made through WeChat's logistics assistant reports its path as a mini-program push
// (add_express_path), in XML or JSON, with nodes out of order and repeated: the parcel's timeline
// and status follow it like any carrier's.
import { describe, expect, it } from "vitest";
import { db } from "../db/db";
import type { SandboxWechatApp } from "../sandbox/wechat/wechat-fake";
import { startChannelHarness, uniqueId as unique } from "../testing/channel-harness";
import { eventually } from "../testing/eventually";
import { seedPaidMiniProgramOrder } from "../testing/seed-orders";
import { setLogisticsAssistantEnv } from "../testing/test-env";
import { createWaybill } from "./wechat-logistics/create-waybill";
import { refreshQuietPaths } from "./wechat-logistics/refresh-paths";

setLogisticsAssistantEnv();

const corp = {
  corpId: "wwexpresscorp001",
  secret: "s",
  token: "t",
  aesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
};
const oa: SandboxWechatApp = {
  kind: "OFFICIAL_ACCOUNT",
  appId: "wx00000000000000ex",
  originalId: "gh_express",
  secret: "oa-secret",
  token: "oaToken",
  aesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};
const xmlApp: SandboxWechatApp = {
  ...oa,
  kind: "MINI_PROGRAM",
  appId: "wx00000000000000ey",
  originalId: "gh_express_mp",
};
const sandbox = await startChannelHarness({ corp, officialAccount: oa, miniProgram: xmlApp });

async function parcel() {
  const customer = await db().customer.create({ data: { name: "顾客" } });
  const order = await db().order.create({
    data: { orderNo: `LD${unique()}`, totalFen: 100, status: "PAID", customerId: customer.id },
  });
  return db().shipment.create({ data: { orderId: order.id, carrier: "shunfeng", trackingNo: `SF${unique()}` } });
}

const at = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Who the pushes come from: the buyer's openid, never a customer who wrote. */
const buyer = `o${unique()}`;

function pathPush(trackingNo: string, version: number, actions: [string, number, string][]) {
  return sandbox.wechat.push(
    xmlApp.appId,
    {
      FromUserName: buyer,
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: "event",
      Event: "add_express_path",
      DeliveryID: "SF",
      WayBillId: trackingNo,
      OrderId: `LD-${trackingNo}`,
      Version: version,
      Count: actions.length,
    },
    { Actions: actions.map(([time, type, msg]) => ({ ActionTime: at(time), ActionType: type, ActionMsg: msg })) },
  );
}

describe("logistics assistant pushes", () => {
  it("a waybill's path pushed out of order and again ends delivered, each node once", async () => {
    const shipment = await parcel();
    const picked: [string, number, string] = ["2026-12-05T01:00:00Z", 100001, "快递员已揽件"];
    const moving: [string, number, string] = ["2026-12-05T09:00:00Z", 200001, "快件到达【上海转运中心】"];
    const signed: [string, number, string] = ["2026-12-06T03:00:00Z", 300003, "已签收"];
    expect((await pathPush(shipment.trackingNo, 2, [signed, picked])).delivered).toBe(true);
    expect((await pathPush(shipment.trackingNo, 3, [moving, picked, signed])).delivered).toBe(true);
    expect((await pathPush(shipment.trackingNo, 3, [moving, picked, signed])).delivered).toBe(true);
    const delivered = await eventually(
      () => db().shipment.findUniqueOrThrow({ where: { id: shipment.id }, include: { events: true, order: true } }),
      (found) => found.events.length === 3,
    );
    expect(delivered.status).toBe("DELIVERED");
    expect(delivered.order.status).toBe("DELIVERED");
    expect(delivered.lastEventText).toBe("已签收");
    // A push is about a parcel, never a customer's message.
    // Had it been taken for a message, its sender would now be a customer with a conversation.
    expect(await db().customerIdentity.count({ where: { externalId: buyer } })).toBe(0);
  });

  it("reads the JSON form too, and an unknown action code by its family", async () => {
    xmlApp.format = "json";
    try {
      const shipment = await parcel();
      await pathPush(shipment.trackingNo, 1, [["2026-12-05T01:00:00Z", 300009, "派送中（新节点）"]]);
      const found = await eventually(
        () => db().shipment.findUniqueOrThrow({ where: { id: shipment.id } }),
        (current) => current.status !== "CREATED",
      );
      expect(found.status).toBe("OUT_FOR_DELIVERY");
    } finally {
      xmlApp.format = undefined;
    }
  });

  it("a paid mini-program order gets one waybill, even when the first answer was lost, and its path moves it", async () => {
    const { order } = await seedPaidMiniProgramOrder();
    expect(await createWaybill(order.id)).toBe("created");
    const made = sandbox.wechat.logistics.waybills.get(order.orderNo);
    expect(made).toMatchObject({ deliveryId: "SF" });
    expect(await createWaybill(order.id)).toBe("exists");
    // The answer was lost before the parcel was written: the retry finds the waybill, makes none.
    await db().shipment.deleteMany({ where: { orderId: order.id } });
    expect(await createWaybill(order.id)).toBe("exists");
    const shipment = await db().shipment.findFirstOrThrow({ where: { orderId: order.id } });
    expect(shipment).toMatchObject({ carrier: "shunfeng", trackingNo: made?.waybillId });

    while ((await sandbox.wechat.advanceWaybill(order.orderNo)) !== null) {}
    const delivered = await eventually(
      () => db().shipment.findUniqueOrThrow({ where: { id: shipment.id } }),
      (found) => found.status === "DELIVERED",
    );
    expect(delivered.lastEventText).toBe("已签收，签收人：本人");
  });

  it("a waybill whose pushes were lost is caught up by asking for its path", async () => {
    const { order } = await seedPaidMiniProgramOrder();
    expect(await createWaybill(order.id)).toBe("created");
    expect(sandbox.wechat.logistics.moveQuietly(order.orderNo)).toBe(true);
    expect(sandbox.wechat.logistics.moveQuietly(order.orderNo)).toBe(true);
    // Not yet quiet for long: nothing is asked.
    expect(await refreshQuietPaths()).toBe(0);
    expect(await refreshQuietPaths(new Date(Date.now() + 7 * 3600_000))).toBeGreaterThanOrEqual(1);
    const shipment = await db().shipment.findFirstOrThrow({ where: { orderId: order.id }, include: { events: true } });
    expect(shipment.events.map((event) => event.carrierCode).sort()).toEqual(["100001", "200001"]);
    expect(shipment.status).toBe("IN_TRANSIT");
  });
});
