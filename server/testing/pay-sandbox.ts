// A WeChat Pay merchant for a test file: the sandbox plays WeChat Pay (its platform key signs answers
// and notifications, the merchant's key pair signs LoopDesk's requests) and the environment points
// LoopDesk at it. Call with top-level await, before the file's config is first read.
import { generateKeyPairSync } from "node:crypto";
import { afterAll } from "vitest";
import { startSandbox } from "../sandbox/sandbox-server";
import { createSandboxPayPlatform } from "../sandbox/wechatpay/build-notification";
import type { WechatPayFake } from "../sandbox/wechatpay/wechatpay-fake";
import { setTestEnv } from "./test-env";

export const TEST_MCH_ID = "1900000109";
export const TEST_PAY_APP_ID = "wx0123456789abcdef";

export async function startPaySandbox() {
  const platform = createSandboxPayPlatform("0123456789abcdef0123456789abcdef");
  const merchantKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const sandbox = await startSandbox({
    corp: { corpId: "wwpaytest", secret: "s", token: "t", aesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt" },
    payMerchant: {
      mchId: TEST_MCH_ID,
      appId: TEST_PAY_APP_ID,
      publicKeyPem: merchantKeys.publicKey.export({ type: "spki", format: "pem" }).toString(),
      platform,
    },
  });
  setTestEnv({
    WECHATPAY_MCH_ID: TEST_MCH_ID,
    WECHATPAY_APP_ID: TEST_PAY_APP_ID,
    WECHATPAY_API_V3_KEY: platform.apiV3Key,
    WECHATPAY_PUBLIC_KEY: platform.publicKeyPem,
    WECHATPAY_PUBLIC_KEY_ID: platform.publicKeyId,
    WECHATPAY_PLATFORM_CERTS: platform.certificate.pem,
    WECHATPAY_PRIVATE_KEY: merchantKeys.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    WECHATPAY_CERT_SERIAL: "408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB",
    WECHATPAY_API_BASE_URL: `${sandbox.url}/wechatpay`,
  });
  afterAll(() => sandbox.close());
  return { sandbox, wechatPay: sandbox.wechatPay as WechatPayFake, platform };
}
