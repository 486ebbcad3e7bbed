// The brand's ERP hears of what LoopDesk notices: signed events, retried until answered, in order
// per subject, never doubled.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { noteAnomalySubjects } from "../anomalies/note-subjects";
import { db, getDatabase } from "../db/db";
import { applyTracking } from "../logistics/apply-tracking";
import { resolveConversation } from "../routing/resolve-conversation";
import { eventually } from "../testing/eventually";
import { seedSignedInUser } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";
import { setTestEnv } from "../testing/test-env";
import { deliverDueWebhooks } from "./deliver-webhooks";
import { SIGNATURE_HEADER, verifyDeliverySignature } from "./signature";
import { createSubscription } from "./subscriptions";
import { emitWebhookEvents, eventIdOf } from "./webhook-events";

// The test's receiver listens on loopback, which only an operator's explicit switch allows.
setTestEnv({ WEBHOOK_ALLOW_PRIVATE: "1" });
setupTestDatabase({ jobs: true });

type Received = { body: string; signature: string | undefined; eventId: string | undefined };
const received: Received[] = [];
const answers: number[] = [];
const server = createServer((req: IncomingMessage, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    received.push({
      body: Buffer.concat(chunks).toString("utf8"),
      signature: req.headers[SIGNATURE_HEADER] as string | undefined,
      eventId: req.headers["x-loopdesk-event-id"] as string | undefined,
    });
    res.writeHead(answers.shift() ?? 200).end();
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/erp/webhooks`;

let adminActor: { userId: string; name: string } | undefined;
async function admin() {
  if (!adminActor) {
    const { user } = await seedSignedInUser({ role: "ADMIN" });
    adminActor = { userId: user.id, name: user.name };
  }
  return adminActor;
}

const unique = () => Math.random().toString(36).slice(2, 10);
const later = (seconds: number) => new Date(Date.now() + seconds * 1000);

async function lowStockProduct() {
  const product = await db().product.create({
    data: { sku: `SKU${unique()}`, name: "保温杯", priceFen: 4_450, stock: 2, lowStockThreshold: 5 },
  });
  await noteAnomalySubjects({ productIds: [product.id] });
  return product;
}

/** Waits until the subscription's deliveries have been attempted `times` times in all. */
const attempted = (subscriptionId: string, times: number) =>
  eventually(
    async () =>
      (await db().webhookDelivery.aggregate({ where: { subscriptionId }, _sum: { attempts: true } }))._sum.attempts ??
      0,
    (sum) => sum >= times,
  );

describe("outbound webhooks", () => {
  it("a receiver failing twice, then answering, gets the event once per attempt with the same id and a valid signature", async () => {
    const { subscription, secret } = await createSubscription(await admin(), { url, events: ["anomaly.opened"] }, null);
    received.length = 0;
    answers.push(500, 503);
    await lowStockProduct();
    // Sent at once by the process that opened the anomaly; then retried by the minute's job.
    await attempted(subscription.id, 1);
    expect(await deliverDueWebhooks(later(10))).toBe(0); // backing off
    expect(await deliverDueWebhooks(later(31))).toBe(1);
    expect(await deliverDueWebhooks(later(92))).toBe(1);
    expect(await deliverDueWebhooks(later(3_600))).toBe(0);

    expect(received).toHaveLength(3);
    const ids = received.map((r) => (JSON.parse(r.body) as { id: string }).id);
    expect(new Set(ids).size).toBe(1);
    expect(received.map((r) => r.eventId)).toEqual(ids);
    for (const request of received) {
      expect(verifyDeliverySignature(secret, request.body, request.signature, { toleranceSeconds: 3_600 })).toBe(true);
      expect(verifyDeliverySignature(`${secret}x`, request.body, request.signature)).toBe(false);
    }
    const event = JSON.parse(received[0]?.body ?? "{}") as { type: string; data: { type: string } };
    expect(event).toMatchObject({ type: "anomaly.opened", data: { type: "LOW_STOCK" } });
    const [delivery] = await db().webhookDelivery.findMany({ where: { subscriptionId: subscription.id } });
    expect(delivery).toMatchObject({ status: "DELIVERED", attempts: 3, lastStatus: 200 });
    await db().webhookSubscription.delete({ where: { id: subscription.id } });
  });

  it("one subject's events arrive in order: the resolution waits for the opening to be answered", async () => {
    const { subscription } = await createSubscription(
      await admin(),
      { url, events: ["anomaly.opened", "anomaly.resolved"] },
      null,
    );
    received.length = 0;
    answers.push(500);
    const product = await lowStockProduct();
    await attempted(subscription.id, 1);
    await db().product.update({ where: { id: product.id }, data: { stock: 50 } });
    await noteAnomalySubjects({ productIds: [product.id] });
    expect(await db().webhookDelivery.count({ where: { subscriptionId: subscription.id } })).toBe(2);

    // The opening is in backoff: the resolution, though due, waits behind it.
    expect(await deliverDueWebhooks(later(1))).toBe(0);
    expect(received.map((r) => (JSON.parse(r.body) as { type: string }).type)).toEqual(["anomaly.opened"]);
    await deliverDueWebhooks(later(31));
    expect(received.map((r) => (JSON.parse(r.body) as { type: string }).type)).toEqual([
      "anomaly.opened",
      "anomaly.opened",
      "anomaly.resolved",
    ]);
  });

  it("the same fact emitted twice is one event", async () => {
    const { subscription } = await createSubscription(await admin(), { url, events: ["anomaly.opened"] }, null);
    const fact = { type: "anomaly.opened" as const, subjectKey: `anomaly:${unique()}`, data: { note: "twice" } };
    await getDatabase().transaction((tx) => emitWebhookEvents(tx, [fact]));
    await getDatabase().transaction((tx) => emitWebhookEvents(tx, [fact]));
    expect(
      await db().webhookDelivery.count({ where: { subscriptionId: subscription.id, eventId: eventIdOf(fact) } }),
    ).toBe(1);
    // And where facts come from: a second evaluation of the same low stock opens and emits nothing new.
    const product = await lowStockProduct();
    await noteAnomalySubjects({ productIds: [product.id] });
    const opened = await db().webhookDelivery.count({ where: { subscriptionId: subscription.id } });
    expect(opened).toBe(2);
    await noteAnomalySubjects({ productIds: [product.id] });
    expect(await db().webhookDelivery.count({ where: { subscriptionId: subscription.id } })).toBe(opened);
  });

  it("a SKU running low asks the ERP for stock once per episode, with a quantity from its sales", async () => {
    const { subscription } = await createSubscription(
      await admin(),
      { url, events: ["replenishment.requested"] },
      null,
    );
    const product = await db().product.create({
      data: { sku: `SKU${unique()}`, name: "保温杯 500ml", priceFen: 18_900, stock: 4, lowStockThreshold: 5 },
    });
    const customer = await db().customer.create({ data: { name: "王芳" } });
    // Ten sold on each of the last seven days, nothing the seven before.
    for (let day = 0; day < 7; day += 1) {
      await db().order.create({
        data: {
          orderNo: `LD${unique()}`,
          totalFen: 189_000,
          customerId: customer.id,
          status: "PAID",
          paidAt: new Date(Date.now() - day * 86_400_000),
          items: {
            create: { sku: product.sku, name: product.name, quantity: 10, unitPriceFen: 18_900, productId: product.id },
          },
        },
      });
    }
    await noteAnomalySubjects({ productIds: [product.id] });
    await noteAnomalySubjects({ productIds: [product.id] });
    const deliveries = await db().webhookDelivery.findMany({ where: { subscriptionId: subscription.id } });
    expect(deliveries).toHaveLength(1);
    const event = JSON.parse(deliveries[0]?.body ?? "{}") as { data: Record<string, unknown> };
    // Mean 5 a day, σ ≈ 5.19: safety stock ⌈1.65 × 5.19 × √7⌉ = 23, target 5 × 14 + 23 = 93, 4 on hand.
    expect(event.data).toMatchObject({
      sku: product.sku,
      stock: 4,
      dailyDemand: 5,
      safetyStock: 23,
      suggestedQuantity: 89,
    });
    const anomaly = await db().anomaly.findFirstOrThrow({ where: { type: "LOW_STOCK", productId: product.id } });
    expect(anomaly.details).toMatchObject({ replenishment: { suggestedQuantity: 89 } });
  });

  it("a resolved conversation is told to the CRM once", async () => {
    const { subscription } = await createSubscription(await admin(), { url, events: ["conversation.resolved"] }, null);
    const supervisor = await seedSignedInUser({ role: "SUPERVISOR" });
    // An Official Account conversation: resolving it needs no WeCom session job.
    const channel = await db().channelAccount.create({
      data: { kind: "OFFICIAL_ACCOUNT", name: "服务号", appId: `wx${unique()}`, openKfId: "" },
    });
    const customer = await db().customer.create({ data: { name: "赵敏" } });
    const conversation = await db().conversation.create({
      data: { customerId: customer.id, channelAccountId: channel.id, status: "OPEN", assigneeId: supervisor.user.id },
    });
    await resolveConversation(supervisor.sessionUser, conversation.id, {});
    await resolveConversation(supervisor.sessionUser, conversation.id, {});
    const deliveries = await db().webhookDelivery.findMany({ where: { subscriptionId: subscription.id } });
    expect(deliveries.map((delivery) => delivery.type)).toEqual(["conversation.resolved"]);
    const event = JSON.parse(deliveries[0]?.body ?? "{}") as { data: Record<string, unknown> };
    expect(event.data).toMatchObject({ conversationId: conversation.id, customerId: conversation.customerId });
  });

  it("a parcel signed at its first scan tells shipped, then delivered, in that order", async () => {
    const { subscription } = await createSubscription(
      await admin(),
      { url, events: ["order.shipped", "order.delivered"] },
      null,
    );
    const customer = await db().customer.create({ data: { name: "周杰" } });
    const order = await db().order.create({
      data: { orderNo: `LD${unique()}`, totalFen: 100, customerId: customer.id, status: "PAID", paidAt: new Date() },
    });
    const shipment = await db().shipment.create({
      data: { orderId: order.id, carrier: "shunfeng", trackingNo: `SF${unique()}` },
    });
    received.length = 0;
    answers.push(500);
    await applyTracking(shipment, [
      { occurredAt: new Date(), status: "DELIVERED", carrierCode: "3", description: "已签收" },
    ]);
    await attempted(subscription.id, 1);
    await deliverDueWebhooks(later(31));
    expect(received.map((r) => (JSON.parse(r.body) as { type: string }).type)).toEqual([
      "order.shipped",
      "order.shipped",
      "order.delivered",
    ]);
  });
});
