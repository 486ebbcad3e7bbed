// LoopDesk notices what no chat tool notices: the parcel that has not moved, the order paid with no
// parcel, the refund that never settles, the SKU about to run out. One open anomaly per subject,
// closed by itself when its cause clears.
import { describe, expect, it } from "vitest";
import { db } from "../db/db";
import type { AnomalyType, ShipmentStatus } from "../generated/prisma/enums";
import { applyTracking } from "../logistics/apply-tracking";
import { eventually } from "../testing/eventually";
import { seedPaidMiniProgramOrder } from "../testing/seed-orders";
import { setupTestDatabase } from "../testing/test-database";
import { noteAnomalySubjects } from "./note-subjects";
import { scanAnomalies } from "./scan-anomalies";

setupTestDatabase({ jobs: true });

const HOUR = 3_600_000;
const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR);
const unique = () => Math.random().toString(36).slice(2, 10);

async function paidOrder(paidHoursAgo = 1) {
  const { order } = await seedPaidMiniProgramOrder();
  return db().order.update({ where: { id: order.id }, data: { paidAt: hoursAgo(paidHoursAgo) } });
}

async function parcel(orderId: string, options: { status: ShipmentStatus; quietHours: number; carrier?: string }) {
  return db().shipment.create({
    data: {
      orderId,
      carrier: options.carrier ?? "shunfeng",
      trackingNo: `SF${unique()}`,
      status: options.status,
      lastEventAt: hoursAgo(options.quietHours),
      lastEventText: "快件已到达【上海转运中心】",
    },
  });
}

const openOf = (type: AnomalyType, subjectId: string) =>
  db().anomaly.findMany({ where: { type, subjectId, status: { not: "RESOLVED" } } });

describe("anomaly detection", () => {
  it("a stalled parcel raises exactly one anomaly, and its next scan closes it", async () => {
    const order = await paidOrder(60);
    const stalled = await parcel(order.id, { status: "IN_TRANSIT", quietHours: 50 });
    const moving = await parcel(order.id, { status: "IN_TRANSIT", quietHours: 3 });

    const first = await scanAnomalies(new Date(), { full: true });
    expect(first.ran).toBe(true);
    await scanAnomalies(new Date(), { full: true });
    const open = await openOf("LOGISTICS_STALLED", stalled.id);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ orderId: order.id, shipmentId: stalled.id, customerId: order.customerId });
    expect(open[0]?.details).toMatchObject({ orderNo: order.orderNo, carrier: "shunfeng", hours: 48 });
    expect(await openOf("LOGISTICS_STALLED", moving.id)).toHaveLength(0);

    // The carrier scans it again: the anomaly closes without waiting for the next pass.
    await applyTracking(stalled, [
      {
        occurredAt: new Date(),
        status: "IN_TRANSIT",
        carrierCode: "0",
        description: "快件已从【上海转运中心】发出",
      },
    ]);
    const resolved = await eventually(
      () => db().anomaly.findUniqueOrThrow({ where: { id: open[0]?.id ?? "" } }),
      (anomaly) => anomaly.status === "RESOLVED",
    );
    expect(resolved).toMatchObject({ status: "RESOLVED", resolution: "auto:parcel_moved", openKey: null });
    expect(resolved.resolvedAt).not.toBeNull();
  });

  it("a carrier given more hours in Settings is not stalled before them", async () => {
    await db().anomalyRuleSetting.upsert({
      where: { type: "LOGISTICS_STALLED" },
      create: { type: "LOGISTICS_STALLED", severity: "MEDIUM", thresholdHours: 48, carrierHours: { yunda: 72 } },
      update: { carrierHours: { yunda: 72 } },
    });
    const order = await paidOrder(80);
    const slow = await parcel(order.id, { status: "IN_TRANSIT", quietHours: 60, carrier: "yunda" });
    const late = await parcel(order.id, { status: "OUT_FOR_DELIVERY", quietHours: 60, carrier: "zhongtong" });
    await scanAnomalies(new Date(), { full: true });
    expect(await openOf("LOGISTICS_STALLED", slow.id)).toHaveLength(0);
    expect(await openOf("LOGISTICS_STALLED", late.id)).toHaveLength(1);
  });

  it("an order paid a day ago with no scanned parcel is raised; its first scan clears it", async () => {
    const overdue = await paidOrder(25);
    const recent = await paidOrder(23);
    await scanAnomalies(new Date(), { full: true });
    expect(await openOf("PAID_NOT_SHIPPED", overdue.id)).toHaveLength(1);
    expect(await openOf("PAID_NOT_SHIPPED", recent.id)).toHaveLength(0);

    const shipment = await db().shipment.create({
      data: { orderId: overdue.id, carrier: "zhongtong", trackingNo: `ZT${unique()}` },
    });
    await applyTracking(shipment, [
      { occurredAt: new Date(), status: "PICKED_UP", carrierCode: "1", description: "快递员已揽收" },
    ]);
    const [cleared] = await eventually(
      () => db().anomaly.findMany({ where: { type: "PAID_NOT_SHIPPED", subjectId: overdue.id } }),
      (rows) => rows[0]?.status === "RESOLVED",
    );
    expect(cleared?.resolution).toBe("auto:shipped");
  });

  it("two scanners at once raise one anomaly", async () => {
    const order = await paidOrder(30);
    const results = await Promise.all([
      scanAnomalies(new Date(), { full: true }),
      scanAnomalies(new Date(), { full: true }),
      scanAnomalies(new Date(), { full: true }),
    ]);
    expect(results.some((result) => result.ran)).toBe(true);
    expect(await openOf("PAID_NOT_SHIPPED", order.id)).toHaveLength(1);
  });

  it("an incremental pass looks only at what crossed its threshold since the last; the hourly full pass sees the rest", async () => {
    const now = new Date();
    await scanAnomalies(now, { force: true });
    // Paid 30 hours ago but only now known as paid (a late query): its threshold passed before the window.
    const late = await paidOrder(30);
    const incremental = await scanAnomalies(new Date(now.getTime() + 60_000), { force: true });
    expect(incremental.full).toEqual([]);
    expect(await openOf("PAID_NOT_SHIPPED", late.id)).toHaveLength(0);
    const full = await scanAnomalies(new Date(now.getTime() + HOUR + 60_000), { force: true });
    expect(full.full).toContain("PAID_NOT_SHIPPED");
    expect(await openOf("PAID_NOT_SHIPPED", late.id)).toHaveLength(1);
  });

  it("a failed delivery, a refusal and a return are raised when the parcel reports them", async () => {
    const order = await paidOrder(10);
    const failed = await parcel(order.id, { status: "FAILED_DELIVERY", quietHours: 1 });
    // Kuaidi100 reports a failed attempt as 疑难 (state 2): a parcel in trouble is one too.
    const troubled = await parcel(order.id, { status: "EXCEPTION", quietHours: 1 });
    const refused = await parcel(order.id, { status: "REFUSED", quietHours: 1 });
    const back = await parcel(order.id, { status: "RETURNING", quietHours: 1 });
    await noteAnomalySubjects({ orderIds: [order.id] });
    expect(await openOf("DELIVERY_FAILED", failed.id)).toHaveLength(1);
    expect(await openOf("DELIVERY_FAILED", troubled.id)).toHaveLength(1);
    expect(await openOf("REFUSED", refused.id)).toHaveLength(1);
    expect(await openOf("RETURNED", back.id)).toHaveLength(1);
    // The customer's conversations show them in the inbox: four open anomalies.
    const openCount = () =>
      db()
        .customer.findUniqueOrThrow({ where: { id: order.customerId } })
        .then((customer) => customer.openAnomalyCount);
    expect(await openCount()).toBe(4);

    await applyTracking(failed, [
      { occurredAt: new Date(), status: "DELIVERED", carrierCode: "3", description: "已签收" },
    ]);
    const [delivered] = await eventually(
      () => db().anomaly.findMany({ where: { type: "DELIVERY_FAILED", subjectId: failed.id } }),
      (rows) => rows[0]?.status === "RESOLVED",
    );
    expect(delivered?.resolution).toBe("auto:delivered");
    expect(await openCount()).toBe(3);
  });

  it("a refund still processing after three days is stuck until WeChat Pay settles it", async () => {
    const order = await paidOrder(100);
    const payment = await db().payment.findFirstOrThrow({ where: { orderId: order.id } });
    const refund = await db().refund.create({
      data: {
        orderId: order.id,
        paymentId: payment.id,
        outRefundNo: `RF${unique()}`,
        amountFen: 1_000,
        reason: "质量问题",
        status: "PROCESSING",
        createdAt: hoursAgo(73),
      },
    });
    await scanAnomalies(new Date(), { full: true });
    expect(await openOf("REFUND_STUCK", refund.id)).toHaveLength(1);
    await db().refund.update({ where: { id: refund.id }, data: { status: "SUCCESS" } });
    await noteAnomalySubjects({ orderIds: [order.id] });
    const [settled] = await db().anomaly.findMany({ where: { type: "REFUND_STUCK", subjectId: refund.id } });
    expect(settled).toMatchObject({ status: "RESOLVED", resolution: "auto:refund_settled" });
  });

  it("a product at or under its threshold is low on stock until it is replenished", async () => {
    const product = await db().product.create({
      data: { sku: `SKU${unique()}`, name: "保温杯", priceFen: 4_450, stock: 3, lowStockThreshold: 5 },
    });
    await noteAnomalySubjects({ productIds: [product.id] });
    await noteAnomalySubjects({ productIds: [product.id] });
    expect(await openOf("LOW_STOCK", product.id)).toHaveLength(1);
    await db().product.update({ where: { id: product.id }, data: { stock: 40 } });
    await noteAnomalySubjects({ productIds: [product.id] });
    const [restocked] = await db().anomaly.findMany({ where: { type: "LOW_STOCK", subjectId: product.id } });
    expect(restocked).toMatchObject({ status: "RESOLVED", resolution: "auto:restocked" });

    // Low again later: a new episode, a new anomaly.
    await db().product.update({ where: { id: product.id }, data: { stock: 1 } });
    await noteAnomalySubjects({ productIds: [product.id] });
    expect(await db().anomaly.count({ where: { type: "LOW_STOCK", subjectId: product.id } })).toBe(2);
  });

  it("a disabled rule raises nothing", async () => {
    await db().anomalyRuleSetting.upsert({
      where: { type: "PAID_NOT_SHIPPED" },
      create: { type: "PAID_NOT_SHIPPED", severity: "MEDIUM", enabled: false },
      update: { enabled: false },
    });
    const order = await paidOrder(40);
    await scanAnomalies(new Date(), { full: true });
    expect(await openOf("PAID_NOT_SHIPPED", order.id)).toHaveLength(0);
  });

  it("a province suddenly ordering a SKU far above its usual pace is a regional spike; a few orders elsewhere are not", async () => {
    const sku = `SKU${unique()}`;
    const customer = await db().customer.create({ data: { name: "刘洋" } });
    const paidIn = async (province: string, hoursAgo: number) =>
      db().order.create({
        data: {
          orderNo: `LD${unique()}`,
          totalFen: 18_900,
          customerId: customer.id,
          status: "PAID",
          paidAt: new Date(Date.now() - hoursAgo * HOUR),
          shippingAddress: {
            province,
            city: "广州市",
            district: "天河区",
            address: "体育西路",
            name: "刘",
            phoneMasked: "139****5678",
          },
          items: { create: { sku, name: "防晒霜", quantity: 2, unitPriceFen: 9_450 } },
        },
      });
    // Usually one a day in Guangdong, then fifteen in the last few hours; three in Zhejiang.
    for (let day = 1; day <= 14; day += 1) await paidIn("广东省", day * 24);
    for (let i = 0; i < 15; i += 1) await paidIn("广东省", (i % 5) + 0.5);
    for (let i = 0; i < 3; i += 1) await paidIn("浙江省", 1);

    await scanAnomalies(new Date(), { full: true });
    const spikes = await db().anomaly.findMany({
      where: { type: "REGIONAL_SPIKE", subjectId: { startsWith: `${sku}|` } },
    });
    expect(spikes.map((spike) => spike.subjectId)).toEqual([`${sku}|广东省`]);
    expect(spikes[0]?.details).toMatchObject({ sku, province: "广东省", orders: 15, units: 30, preAllocateUnits: 120 });
  });
});
