// The brand's ERP ships an order and reports the parcel; Kuaidi100 pushes its scans. The order
// ships at the first scan and is delivered when signed, whatever order the pushes come in.
import { afterAll, describe, expect, it } from "vitest";
import { POST as postKey } from "@/app/api/api-keys/route";
import { POST as postShipment } from "@/app/api/v1/orders/[orderNo]/shipments/route";
import { db } from "../db/db";
import { kuaidi100PushForm } from "../sandbox/carriers/kuaidi100-fake";
import { startSandbox } from "../sandbox/sandbox-server";
import { eventually } from "../testing/eventually";
import { seedSignedInUser } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";
import { setTestEnv } from "../testing/test-env";
import { startWebhookServer } from "../testing/webhook-server";
import { followParcel } from "./follow-parcel";
import { createKuaidi100Port } from "./kuaidi100/kuaidi100-client";

const SALT = "loopdesk-kuaidi100-salt";
const KEY = "loopdesk-kuaidi100-key";
const sandbox = await startSandbox({
  corp: { corpId: "wwparcels", secret: "s", token: "t", aesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt" },
  kuaidi100: { key: KEY, scriptFor: (trackingNo) => (trackingNo.startsWith("REFUSE") ? "refused" : "delivered") },
});
afterAll(() => sandbox.close());
setTestEnv({
  KUAIDI100_SALT: SALT,
  KUAIDI100_KEY: KEY,
  KUAIDI100_CUSTOMER: "c",
  KUAIDI100_API_BASE_URL: `${sandbox.url}/kuaidi100`,
});
setupTestDatabase({ jobs: true });

const webhooks = startWebhookServer();

const unique = () => Math.random().toString(36).slice(2, 10);

async function shopKey() {
  const admin = await seedSignedInUser({ role: "ADMIN" });
  const request = new Request("http://localhost/api/api-keys", {
    method: "POST",
    headers: { cookie: `ld_session=${admin.token}`, origin: "http://localhost", host: "localhost" },
    body: JSON.stringify({ name: "ERP", scopes: ["orders:write"] }),
  });
  const response = await postKey(request, { params: Promise.resolve({}) });
  return ((await response.json()) as { key: string }).key;
}

async function reportParcel(key: string, orderNo: string, body: object) {
  const request = new Request(`http://localhost/api/v1/orders/${orderNo}/shipments`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const response = await postShipment(request, { params: Promise.resolve({ orderNo }) });
  return response.status;
}

async function paidOrder() {
  const customer = await db().customer.create({ data: { name: "李雷" } });
  return db().order.create({
    data: { orderNo: `LD${unique()}`, totalFen: 8_900, status: "PAID", paidAt: new Date(), customerId: customer.id },
  });
}

type Scan = { ftime: string; context: string };

/** What Kuaidi100 pushes: the parcel's history so far, newest first, signed with the salt. */
function push(parcel: { com: string; nu: string }, state: string, scans: Scan[], salt = SALT) {
  return fetch(`${webhooks.base()}/webhooks/logistics/kuaidi100`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: kuaidi100PushForm(parcel, state, scans, salt).toString(),
  });
}

const picked: Scan = { ftime: "2026-12-05 09:00:00", context: "【杭州市】顺丰速运 已收取快件" };
const moving: Scan = { ftime: "2026-12-05 21:00:00", context: "【杭州市】快件已发车，发往上海" };
const signed: Scan = { ftime: "2026-12-06 14:00:00", context: "【上海市】已签收，签收人：本人" };

describe("parcels", () => {
  it("a parcel reported by the ERP moves its order to shipped at the first scan and delivered when signed", async () => {
    const key = await shopKey();
    const order = await paidOrder();
    const parcel = { com: "shunfeng", nu: `SF${Date.now()}${unique()}` };
    expect(await reportParcel(key, order.orderNo, { carrier: parcel.com, trackingNo: parcel.nu })).toBe(201);
    expect(await reportParcel(key, order.orderNo, { carrier: parcel.com, trackingNo: parcel.nu })).toBe(200);

    const answer = await push(parcel, "1", [picked]);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('{"result":true,"returnCode":"200","message":"成功"}');
    await eventually(
      async () => (await db().order.findUniqueOrThrow({ where: { id: order.id } })).status,
      (status) => status === "SHIPPED",
    );
    await push(parcel, "3", [signed, moving, picked]);
    const delivered = await eventually(
      () =>
        db().order.findUniqueOrThrow({
          where: { id: order.id },
          include: { shipments: { include: { events: true } } },
        }),
      (found) => found.status === "DELIVERED",
    );
    expect(delivered.shipments[0]?.status).toBe("DELIVERED");
    expect(delivered.parcelStatus).toBe("DELIVERED");
    expect(delivered.shipments[0]?.events).toHaveLength(3);
  });

  it("a late push with a scan from before the signature keeps the parcel delivered; the same push again adds nothing", async () => {
    const key = await shopKey();
    const order = await paidOrder();
    const parcel = { com: "zhongtong", nu: `ZT${Date.now()}${unique()}` };
    await reportParcel(key, order.orderNo, { carrier: parcel.com, trackingNo: parcel.nu });
    await push(parcel, "3", [signed, moving, picked]);
    await eventually(
      async () => (await db().shipment.findFirstOrThrow({ where: { trackingNo: parcel.nu } })).status,
      (status) => status === "DELIVERED",
    );
    // A scan nobody had pushed yet, older than the signature, arrives last: it is kept, but the
    // parcel's status stays its latest scan's.
    const sorted: Scan = { ftime: "2026-12-06 03:00:00", context: "【上海转运中心】已到达，正在分拣" };
    await push(parcel, "0", [sorted, moving, picked]);
    await push(parcel, "0", [sorted, moving, picked]);
    const shipment = await eventually(
      () => db().shipment.findFirstOrThrow({ where: { trackingNo: parcel.nu }, include: { events: true } }),
      (found) => found.events.length === 4,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(shipment.status).toBe("DELIVERED");
    expect(await db().trackingEvent.count({ where: { shipmentId: shipment.id } })).toBe(4);
    expect((await db().order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("DELIVERED");
  });

  it("a reported parcel is followed at Kuaidi100 once, and its timeline grows with each scan it pushes", async () => {
    const key = await shopKey();
    const order = await paidOrder();
    const parcel = { com: "shunfeng", nu: `REFUSE${Date.now()}` };
    await reportParcel(key, order.orderNo, { carrier: parcel.com, trackingNo: parcel.nu });
    const shipment = await db().shipment.findFirstOrThrow({ where: { trackingNo: parcel.nu } });
    const port = createKuaidi100Port({
      key: KEY,
      salt: SALT,
      apiBaseUrl: `${sandbox.url}/kuaidi100`,
      callbackUrl: `${webhooks.base()}/webhooks/logistics/kuaidi100`,
    });
    const callsBefore = sandbox.kuaidi100?.subscribeCalls ?? 0;
    expect(await followParcel(shipment.id, port)).toBe(true);
    // A redelivered job finds the parcel followed and asks Kuaidi100 nothing.
    expect(await followParcel(shipment.id, port)).toBe(true);
    expect((sandbox.kuaidi100?.subscribeCalls ?? 0) - callsBefore).toBe(1);
    expect((await db().shipment.findUniqueOrThrow({ where: { id: shipment.id } })).subscribedAt).not.toBeNull();

    const kuaidi100 = sandbox.kuaidi100;
    if (!kuaidi100) throw new Error("no Kuaidi100 in the sandbox");
    expect(await kuaidi100.advance(parcel.com, parcel.nu)).toBe(200);
    await eventually(
      async () => (await db().order.findUniqueOrThrow({ where: { id: order.id } })).status,
      (status) => status === "SHIPPED",
    );
    while ((await kuaidi100.advance(parcel.com, parcel.nu)) !== null) {}
    const refused = await eventually(
      () => db().shipment.findUniqueOrThrow({ where: { id: shipment.id }, include: { events: true } }),
      (found) => found.status === "REFUSED",
    );
    expect(refused.events).toHaveLength(5);
  });

  it("a tracking number already on another order is a conflict", async () => {
    const key = await shopKey();
    const first = await paidOrder();
    const second = await paidOrder();
    const parcel = { carrier: "yuantong", trackingNo: `YT${Date.now()}` };
    expect(await reportParcel(key, first.orderNo, parcel)).toBe(201);
    expect(await reportParcel(key, second.orderNo, parcel)).toBe(409);
  });

  it("a push with a bad sign is refused and stores nothing", async () => {
    const before = await db().inboundEvent.count({ where: { source: "KUAIDI100" } });
    const answer = await push({ com: "shunfeng", nu: "SF0" }, "1", [picked], "not-the-salt");
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ result: false });
    expect(await db().inboundEvent.count({ where: { source: "KUAIDI100" } })).toBe(before);
  });
});
