// A parcel lost on the way: the agent reships the order. One new waybill is made under
// <orderNo>-R1 however often the job runs, it joins the order as its second parcel and moves like
// the first; a second reship is -R2. The reship's cost is the goods' value, on the anomaly.
import { describe, expect, it } from "vitest";
import { db } from "../db/db";
import type { SandboxWechatApp } from "../sandbox/wechat/wechat-fake";
import { startChannelHarness } from "../testing/channel-harness";
import { eventually } from "../testing/eventually";
import { seedSignedInUser } from "../testing/seed";
import { seedPaidMiniProgramOrder } from "../testing/seed-orders";
import { setLogisticsAssistantEnv } from "../testing/test-env";
import { giveRemedy } from "./give-remedy";
import { makeReshipWaybill } from "./reship/make-reship-waybill";

setLogisticsAssistantEnv();

const oa: SandboxWechatApp = {
  kind: "OFFICIAL_ACCOUNT",
  appId: "wx00000000000000rs",
  originalId: "gh_reship",
  secret: "oa-secret",
  token: "oaToken",
  aesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};
const sandbox = await startChannelHarness({
  corp: { corpId: "wwreshipcorp0001", secret: "s", token: "t", aesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt" },
  officialAccount: oa,
  miniProgram: { ...oa, kind: "MINI_PROGRAM", appId: "wx00000000000000rt", originalId: "gh_reship_mp" },
});

describe("reshipping an order", () => {
  it("makes one new waybill under <orderNo>-R1 however often its job runs, tracked as the order's parcel", async () => {
    const supervisor = await seedSignedInUser({ role: "SUPERVISOR" });
    const { order } = await seedPaidMiniProgramOrder();
    const anomaly = await db().anomaly.create({
      data: {
        type: "LOGISTICS_STALLED",
        subjectType: "order",
        subjectId: order.id,
        orderId: order.id,
        customerId: order.customerId,
      },
    });
    const decision = await giveRemedy(
      supervisor.sessionUser,
      { kind: "RESHIP", anomalyId: anomaly.id, reason: "包裹丢失" },
      null,
    );
    expect(decision.state).toBe("given");
    const reship = await eventually(
      () => db().reship.findFirstOrThrow({ where: { orderId: order.id }, include: { shipment: true } }),
      (current) => current.status === "CREATED",
    );
    expect(reship.waybillOrderId).toBe(`${order.orderNo}-R1`);
    const made = sandbox.wechat.logistics.waybills.get(`${order.orderNo}-R1`);
    expect(reship.shipment).toMatchObject({ carrier: "shunfeng", trackingNo: made?.waybillId });

    // The job again, as if the first had died after WeChat made the waybill: the same waybill.
    await db().reship.update({ where: { id: reship.id }, data: { status: "PENDING", shipmentId: null } });
    expect(await makeReshipWaybill(reship.id)).toBe("created");
    expect([...sandbox.wechat.logistics.waybills.keys()].filter((id) => id.startsWith(order.orderNo))).toEqual([
      `${order.orderNo}-R1`,
    ]);
    expect(await db().shipment.count({ where: { orderId: order.id } })).toBe(1);
    expect((await db().anomaly.findUniqueOrThrow({ where: { id: anomaly.id } })).remedyCostFen).toBe(order.totalFen);

    while ((await sandbox.wechat.advanceWaybill(`${order.orderNo}-R1`)) !== null) {}
    await eventually(
      () => db().order.findUniqueOrThrow({ where: { id: order.id } }),
      (current) => current.status === "DELIVERED",
    );

    await giveRemedy(supervisor.sessionUser, { kind: "RESHIP", orderNo: order.orderNo, reason: "又丢了" }, null);
    await eventually(
      () => db().reship.count({ where: { orderId: order.id, status: "CREATED" } }),
      (count) => count === 2,
    );
    expect(sandbox.wechat.logistics.waybills.has(`${order.orderNo}-R2`)).toBe(true);
  });

  it("an unpaid order cannot be reshipped", async () => {
    const supervisor = await seedSignedInUser({ role: "SUPERVISOR" });
    const { order } = await seedPaidMiniProgramOrder();
    await db().order.update({ where: { id: order.id }, data: { status: "PENDING_PAYMENT" } });
    await expect(
      giveRemedy(supervisor.sessionUser, { kind: "RESHIP", orderNo: order.orderNo, reason: "补发" }, null),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db().reship.count({ where: { orderId: order.id } })).toBe(0);
  });
});
