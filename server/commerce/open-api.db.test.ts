// The brand's shop talks to LoopDesk through the open API: an admin makes it a key, the shop sends
// its catalogue and its orders, and every order lands on the customer who chats with the brand.
import { describe, expect, it } from "vitest";
import { DELETE as revokeKey } from "@/app/api/api-keys/[keyId]/route";
import { GET as listKeys, POST as postKey } from "@/app/api/api-keys/route";
import { GET as getOrder, PATCH as patchOrder } from "@/app/api/v1/orders/[orderNo]/route";
import { GET as listOrders, POST as postOrder } from "@/app/api/v1/orders/route";
import { POST as postProducts } from "@/app/api/v1/products/route";
import { secretBox } from "../crypto/secret-box";
import { db } from "../db/db";
import { seedSignedInUser } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";

setupTestDatabase();

const ORIGIN = "http://localhost";
type Handler = (req: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Answer = { status: number; body: Record<string, unknown> & { error?: { code: string } } };

async function call(
  handler: Handler,
  options: {
    method?: string;
    path?: string;
    params?: Record<string, string>;
    body?: unknown;
    cookie?: string;
    key?: string;
  },
): Promise<Answer> {
  const headers: Record<string, string> = { origin: ORIGIN, host: "localhost", "content-type": "application/json" };
  if (options.cookie) headers.cookie = `ld_session=${options.cookie}`;
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const request = new Request(`${ORIGIN}${options.path ?? "/api/x"}`, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body),
  });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

const unique = () => Math.random().toString(36).slice(2, 10);

async function shopKey(scopes: string[] = ["orders:write", "orders:read", "products:write"]) {
  const admin = await seedSignedInUser({ role: "ADMIN" });
  const created = await call(postKey, { cookie: admin.token, body: { name: `有赞店铺 ${unique()}`, scopes } });
  expect(created.status).toBe(201);
  return { admin, id: created.body.id as string, key: created.body.key as string };
}

function orderBody(overrides: Record<string, unknown> = {}) {
  return {
    orderNo: `LD${unique()}`,
    channel: "mini-program",
    customer: { unionid: `union-${unique()}`, name: "张三" },
    items: [{ sku: "CUP-001", name: "保温杯", quantity: 2, unitPriceFen: 8900 }],
    totalFen: 17800,
    ...overrides,
  };
}

describe("API keys", () => {
  it("an admin creates one: the key is shown once, stored hashed, its last use recorded; revoked, it stops working", async () => {
    const { admin, id, key } = await shopKey();
    expect(key).toMatch(/^ld_/);
    const stored = await db().apiKey.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(stored)).not.toContain(key);
    const listed = await call(listKeys, { cookie: admin.token });
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(listed.body.apiKeys).toEqual(expect.arrayContaining([expect.objectContaining({ id, lastUsedAt: null })]));

    expect((await call(getOrder, { key, params: { orderNo: "nope" } })).status).toBe(404);
    expect((await db().apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).not.toBeNull();

    expect((await call(revokeKey, { method: "DELETE", cookie: admin.token, params: { keyId: id } })).status).toBe(204);
    const revoked = await call(getOrder, { key, params: { orderNo: "nope" } });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error?.code).toBe("UNAUTHORIZED");
  });

  it("only admins manage keys; a bad key gets 401 and a key without the scope 403, and nothing is stored", async () => {
    const supervisor = await seedSignedInUser({ role: "SUPERVISOR" });
    expect(
      (await call(postKey, { cookie: supervisor.token, body: { name: "x", scopes: ["orders:read"] } })).status,
    ).toBe(403);
    const { key } = await shopKey(["orders:read"]);
    const body = orderBody();
    expect((await call(postOrder, { key: "ld_not-a-real-key", body })).status).toBe(401);
    expect((await call(postOrder, { body })).status).toBe(401);
    const outOfScope = await call(postOrder, { key, body });
    expect(outOfScope.status).toBe(403);
    expect(outOfScope.body.error?.code).toBe("FORBIDDEN");
    expect(await db().order.count({ where: { orderNo: body.orderNo } })).toBe(0);
  });
});

describe("the shop's catalogue", () => {
  it("upserts products by sku, keeping what an update leaves out", async () => {
    const { key } = await shopKey();
    const sku = `SKU-${unique()}`;
    const first = await call(postProducts, {
      key,
      body: [
        { sku, name: "保温杯 500ml", priceFen: 8900, stock: 120, lowStockThreshold: 20, tags: ["热卖"] },
        { sku: `${sku}-B`, name: "杯盖", priceFen: 900, stock: 3 },
      ],
    });
    expect(first.status).toBe(200);
    expect(first.body.products).toEqual([
      expect.objectContaining({ sku, created: true }),
      expect.objectContaining({ sku: `${sku}-B`, created: true }),
    ]);
    const second = await call(postProducts, {
      key,
      body: { sku, name: "保温杯 500ml（新款）", priceFen: 9900, stock: 80 },
    });
    expect(second.body.products).toEqual([expect.objectContaining({ sku, created: false })]);
    expect(await db().product.findUniqueOrThrow({ where: { sku } })).toMatchObject({
      name: "保温杯 500ml（新款）",
      priceFen: 9900,
      stock: 80,
      lowStockThreshold: 20,
      tags: ["热卖"],
      active: true,
    });
    expect((await db().product.findUniqueOrThrow({ where: { sku: `${sku}-B` } })).lowStockThreshold).toBe(10);
    const repeated = await call(postProducts, {
      key,
      body: [
        { sku, name: "a", priceFen: 1, stock: 1 },
        { sku, name: "b", priceFen: 1, stock: 1 },
      ],
    });
    expect(repeated.status).toBe(422);
  });
});

describe("orders from the shop", () => {
  it("an order lands on the customer who chats on the mini program, by openid under its AppID", async () => {
    const { key } = await shopKey();
    const appId = `wx${unique()}`;
    const channel = await db().channelAccount.create({ data: { kind: "MINI_PROGRAM", name: "商城小程序", appId } });
    const openid = `o${unique()}`;
    const chatting = await db().customer.create({
      data: { name: "李雷", identities: { create: { channelAccountId: channel.id, externalId: openid } } },
    });
    const answer = await call(postOrder, { key, body: orderBody({ customer: { openid, appId } }) });
    expect(answer.status).toBe(201);
    expect(answer.body.order).toMatchObject({
      status: "PENDING_PAYMENT",
      totalFen: 17800,
      customer: { id: chatting.id },
    });
    const order = await db().order.findFirstOrThrow({ where: { customerId: chatting.id } });
    expect(order.channelAccountId).toBe(channel.id);
  });

  it("a customer known only by unionid is found by it; one never seen is created with their identity", async () => {
    const { key } = await shopKey();
    const unionid = `union-${unique()}`;
    const known = await db().customer.create({ data: { name: "韩梅梅", unionId: unionid } });
    const byUnion = await call(postOrder, { key, body: orderBody({ customer: { unionid } }) });
    expect(byUnion.body.order).toMatchObject({ customer: { id: known.id } });

    const appId = `wx${unique()}`;
    const channel = await db().channelAccount.create({ data: { kind: "OFFICIAL_ACCOUNT", name: "服务号", appId } });
    const openid = `o${unique()}`;
    const fresh = await call(postOrder, { key, body: orderBody({ customer: { openid, appId, name: "王五" } }) });
    expect(fresh.status).toBe(201);
    const identity = await db().customerIdentity.findUniqueOrThrow({
      where: { channelAccountId_externalId: { channelAccountId: channel.id, externalId: openid } },
      include: { customer: true },
    });
    expect(identity.customer.name).toBe("王五");

    const nobody = await call(postOrder, {
      key,
      body: orderBody({ customer: { openid: "o1", appId: "wx-not-connected" } }),
    });
    expect(nobody.status).toBe(422);
  });

  it("the same order again answers 200 with the same order, ten at once make one, another body is a conflict", async () => {
    const { key } = await shopKey();
    const body = orderBody();
    const first = await call(postOrder, { key, body });
    expect(first.status).toBe(201);
    const again = await call(postOrder, { key, body: JSON.stringify({ ...body, totalFen: body.totalFen }) });
    expect(again).toEqual({ status: 200, body: first.body });

    const burst = orderBody();
    const answers = await Promise.all(Array.from({ length: 10 }, () => call(postOrder, { key, body: burst })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(await db().order.count({ where: { orderNo: burst.orderNo } })).toBe(1);
    expect(await db().customer.count({ where: { unionId: burst.customer.unionid } })).toBe(1);

    const changed = await call(postOrder, { key, body: { ...body, totalFen: 1 } });
    expect(changed.status).toBe(409);
    expect((await db().order.findUniqueOrThrow({ where: { orderNo: body.orderNo } })).totalFen).toBe(17800);
  });

  it("keeps the receiver's phone masked and sealed, gives it to a customer who had none, and audits the write by key name", async () => {
    const { key, id } = await shopKey();
    const body = orderBody({
      receiver: {
        name: "张三",
        phone: "138 1234 5678",
        province: "浙江省",
        city: "杭州市",
        district: "西湖区",
        address: "文三路 100 号",
      },
    });
    const answer = await call(postOrder, { key, body });
    expect(answer.body.order).toMatchObject({ receiver: { name: "张三", phoneMasked: "138****5678" } });
    expect(JSON.stringify(answer.body)).not.toContain("12345678");
    const order = await db().order.findUniqueOrThrow({ where: { orderNo: body.orderNo }, include: { customer: true } });
    expect(JSON.stringify(order.shippingAddress)).not.toContain("13812345678");
    expect(order.customer.phoneMasked).toBe("138****5678");
    expect(secretBox().open(order.customer.phoneEnc ?? "")).toBe("13812345678");
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "order.created", subjectId: order.id } });
    expect(audit.details).toMatchObject({ keyId: id, orderNo: body.orderNo });

    const read = await call(getOrder, { key, params: { orderNo: body.orderNo } });
    expect(read.body.order).toMatchObject({
      orderNo: body.orderNo,
      items: [{ sku: "CUP-001", name: "保温杯", quantity: 2, unitPriceFen: 8900 }],
      payments: [],
      refunds: [],
      shipments: [],
    });
  });

  it("refuses an oversized order and malformed JSON with a clear 4xx and stores nothing", async () => {
    const { key } = await shopKey();
    const huge = orderBody({ customer: { unionid: "u", name: "x".repeat(2 * 1024 * 1024) } });
    expect((await call(postOrder, { key, body: huge })).status).toBe(413);
    expect((await call(postOrder, { key, body: '{"orderNo": ' })).status).toBe(400);
    expect(await db().order.count({ where: { orderNo: huge.orderNo } })).toBe(0);
  });

  it("the shop cancels an unpaid order (again is a retry); a paid one stays paid and answers 409", async () => {
    const { key } = await shopKey();
    const unpaid = orderBody();
    await call(postOrder, { key, body: unpaid });
    const cancel = (orderNo: string) =>
      call(patchOrder, { method: "PATCH", key, params: { orderNo }, body: { status: "CANCELLED" } });
    expect((await cancel(unpaid.orderNo)).body.order).toMatchObject({ status: "CANCELLED" });
    expect((await cancel(unpaid.orderNo)).status).toBe(200);

    const paid = orderBody();
    await call(postOrder, { key, body: paid });
    await db().order.update({ where: { orderNo: paid.orderNo }, data: { status: "PAID", paidAt: new Date() } });
    const refused = await cancel(paid.orderNo);
    expect(refused.status).toBe(409);
    expect((await db().order.findUniqueOrThrow({ where: { orderNo: paid.orderNo } })).status).toBe("PAID");
  });

  it("the receiver changes until the order ships, not after", async () => {
    const { key } = await shopKey();
    const body = orderBody();
    await call(postOrder, { key, body });
    const receiver = {
      name: "李四",
      phone: "13900001111",
      province: "上海市",
      city: "上海市",
      address: "南京东路 1 号",
    };
    const moved = await call(patchOrder, {
      method: "PATCH",
      key,
      params: { orderNo: body.orderNo },
      body: { receiver },
    });
    expect(moved.body.order).toMatchObject({ receiver: { name: "李四", phoneMasked: "139****1111" } });
    await db().order.update({ where: { orderNo: body.orderNo }, data: { status: "SHIPPED" } });
    const late = await call(patchOrder, {
      method: "PATCH",
      key,
      params: { orderNo: body.orderNo },
      body: { receiver: { ...receiver, name: "王五" } },
    });
    expect(late.status).toBe(409);
  });

  it("lists a customer's orders by last change, page by page, each once", async () => {
    const { key } = await shopKey();
    const unionid = `union-${unique()}`;
    const numbers: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const body = orderBody({ customer: { unionid } });
      numbers.push(body.orderNo);
      await call(postOrder, { key, body });
    }
    const customer = await db().customer.findUniqueOrThrow({ where: { unionId: unionid } });
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const query = new URLSearchParams({ customerId: customer.id, limit: "2", ...(after ? { after } : {}) });
      const answer = await call(listOrders, { key, path: `/api/v1/orders?${query}` });
      const body = answer.body as { orders: { orderNo: string }[]; next: string | null };
      seen.push(...body.orders.map((order) => order.orderNo));
      after = body.next;
      if (!after) break;
    }
    expect(seen.sort()).toEqual([...numbers].sort());
    expect((await call(listOrders, { key, path: "/api/v1/orders?after=garbage" })).status).toBe(422);
  });
});
