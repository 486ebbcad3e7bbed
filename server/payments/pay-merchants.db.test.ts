// A brand with a second WeChat Pay merchant (another mini program) connects it in Settings: its
// notifications arrive at their own path, verified with its own keys; its secrets never come back.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../db/db";
import { buildPayNotification, createSandboxPayPlatform } from "../sandbox/wechatpay/build-notification";
import { eventually } from "../testing/eventually";
import { startPaySandbox } from "../testing/pay-sandbox";
import { seedSignedInUser } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";
import { startWebhookServer } from "../testing/webhook-server";
import { createMerchant, listMerchants, updateMerchant } from "./merchants/manage-merchants";
import { merchantOf } from "./wechatpay/merchant";

await startPaySandbox();
setupTestDatabase({ jobs: true });
const webhooks = startWebhookServer();

const unique = () => Math.random().toString(36).slice(2, 10);
const second = createSandboxPayPlatform("abcdefabcdefabcdefabcdefabcdef12");
const secondKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const MCH_B = "1900000222";
const APP_B = "wx00000000000000b2";

async function connectSecond(mchId = MCH_B) {
  const admin = await seedSignedInUser({ role: "ADMIN" });
  return createMerchant(
    admin.sessionUser,
    {
      name: "第二个小程序",
      mchId,
      appId: APP_B,
      apiV3Key: second.apiV3Key,
      publicKeyId: second.publicKeyId,
      publicKeyPem: second.publicKeyPem,
      privateKeyPem: secondKeys.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      certSerial: "5157F09EFDC096DE15EBE81A47057A72",
    },
    null,
  );
}

function paymentTo(mchId: string, order: { orderNo: string; totalFen: number }) {
  return buildPayNotification(second, {
    eventType: "TRANSACTION.SUCCESS",
    resource: {
      mchid: mchId,
      appid: APP_B,
      out_trade_no: order.orderNo,
      transaction_id: `4200${unique()}${unique()}`,
      trade_state: "SUCCESS",
      success_time: "2026-12-06T10:00:00+08:00",
      payer: { openid: `o${unique()}` },
      amount: { total: order.totalFen, currency: "CNY" },
    },
  });
}

const send = (notification: { body: string; headers: Record<string, string> }, path: string) =>
  fetch(`${webhooks.base()}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...notification.headers },
    body: notification.body,
  });

async function seedOrder() {
  const customer = await db().customer.create({ data: { name: "李雷" } });
  return db().order.create({ data: { orderNo: `LD${unique()}`, totalFen: 5_900, customerId: customer.id } });
}

describe("payment merchants in Settings", () => {
  it("a second merchant's notifications arrive at its own path and mark its orders paid; its keys never come back", async () => {
    const merchant = await connectSecond();
    const order = await seedOrder();
    expect((await send(paymentTo(MCH_B, order), merchant.notifyPath)).status).toBe(204);
    const paid = await eventually(
      () => db().payment.findFirst({ where: { orderId: order.id } }),
      (payment) => payment !== null,
    );
    expect(paid).toMatchObject({ mchId: MCH_B, status: "PAID" });
    // The refund of that payment goes through the merchant that was paid.
    expect((await merchantOf(MCH_B))?.signer?.mchId).toBe(MCH_B);

    const listed = JSON.stringify(await listMerchants());
    expect(listed).not.toContain(second.apiV3Key);
    expect(listed).not.toContain("PRIVATE KEY");
    const row = await db().payMerchant.findUniqueOrThrow({ where: { id: merchant.id } });
    expect(row.apiV3KeySealed).not.toContain(second.apiV3Key);
  });

  it("its notification at the environment's path fails verification; disabled, its own path answers 404", async () => {
    const admin = await seedSignedInUser({ role: "ADMIN" });
    const merchant = await connectSecond("1900000333");
    const order = await seedOrder();
    expect((await send(paymentTo("1900000333", order), "/webhooks/wechatpay")).status).toBe(401);
    await updateMerchant(admin.sessionUser, merchant.id, { enabled: false }, null);
    expect((await send(paymentTo("1900000333", order), merchant.notifyPath)).status).toBe(404);
    expect(await db().payment.count({ where: { orderId: order.id } })).toBe(0);
  });

  it("keys that do not parse are refused when the merchant is added", async () => {
    const admin = await seedSignedInUser({ role: "ADMIN" });
    await expect(
      createMerchant(
        admin.sessionUser,
        {
          name: "坏密钥",
          mchId: "1900000444",
          appId: APP_B,
          apiV3Key: second.apiV3Key,
          publicKeyId: "PUB_KEY_ID_BAD",
          publicKeyPem: "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----",
        },
        null,
      ),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await db().payMerchant.count({ where: { mchId: "1900000444" } })).toBe(0);
  });
});
