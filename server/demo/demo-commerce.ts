// The demo's WeChat Pay merchant and Kuaidi100 account, generated at every start: the keys exist only
// in this process, the sandbox on one side and LoopDesk (through its environment) on the other.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { ParcelScript } from "../sandbox/carriers/kuaidi100-fake";
import { createSandboxPayPlatform } from "../sandbox/wechatpay/build-notification";
import type { SandboxPayMerchant } from "../sandbox/wechatpay/wechatpay-fake";
import { DEMO_MCH_ID, DEMO_MINI_PROGRAM } from "./demo-channels";

/** Most parcels arrive; some stall, fail delivery, are refused or come back, for the anomalies to show. */
function demoParcelScript(): ParcelScript {
  const roll = Math.random();
  if (roll < 0.6) return "delivered";
  if (roll < 0.75) return "stalled";
  if (roll < 0.85) return "failed_delivery";
  if (roll < 0.93) return "refused";
  return "returned";
}

/** `parcelsMove`: parcels take a step every 20 s on their own (off when specs drive the sandbox). */
export function createDemoCommerce(consoleUrl: string, options: { parcelsMove: boolean }) {
  const platform = createSandboxPayPlatform(randomBytes(16).toString("hex"));
  const merchantKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kuaidi100 = { key: randomBytes(12).toString("hex"), salt: randomBytes(12).toString("hex") };
  const payMerchant: SandboxPayMerchant = {
    mchId: DEMO_MCH_ID,
    appId: DEMO_MINI_PROGRAM.appId,
    publicKeyPem: merchantKeys.publicKey.export({ type: "spki", format: "pem" }).toString(),
    platform,
    notifyUrl: `${consoleUrl}/webhooks/wechatpay`,
    settleRefundsAfterMs: 8_000,
  };
  return {
    payMerchant,
    kuaidi100: {
      key: kuaidi100.key,
      ...(options.parcelsMove ? { stepEveryMs: 20_000, scriptFor: demoParcelScript, stalledHoursAgo: 50 } : {}),
    },
    /** The variables that point LoopDesk at the sandbox's merchant and carrier. */
    env(sandboxUrl: string): Record<string, string> {
      return {
        PUBLIC_URL: consoleUrl,
        WECHATPAY_MCH_ID: DEMO_MCH_ID,
        WECHATPAY_APP_ID: DEMO_MINI_PROGRAM.appId,
        WECHATPAY_API_V3_KEY: platform.apiV3Key,
        WECHATPAY_PUBLIC_KEY: platform.publicKeyPem,
        WECHATPAY_PUBLIC_KEY_ID: platform.publicKeyId,
        WECHATPAY_PLATFORM_CERTS: platform.certificate.pem,
        WECHATPAY_PRIVATE_KEY: merchantKeys.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
        WECHATPAY_CERT_SERIAL: randomBytes(20).toString("hex").toUpperCase(),
        WECHATPAY_API_BASE_URL: `${sandboxUrl}/wechatpay`,
        WECHATPAY_QUERY_AFTER_MINUTES: "2",
        KUAIDI100_KEY: kuaidi100.key,
        KUAIDI100_CUSTOMER: "LOOPDESKDEMO",
        KUAIDI100_SALT: kuaidi100.salt,
        KUAIDI100_API_BASE_URL: `${sandboxUrl}/kuaidi100`,
        MINIPROGRAM_ORDER_PAGE: "pages/order/detail?orderNo={orderNo}",
        // Mini-program orders get their waybills from WeChat's logistics assistant (the sandbox's).
        WECHAT_LOGISTICS_DELIVERY_ID: "SF",
        WECHAT_LOGISTICS_BIZ_ID: "LOOPDESK_DEMO",
        WECHAT_LOGISTICS_SENDER: JSON.stringify({
          name: "LoopDesk 演示仓",
          mobile: "02160000000",
          province: "浙江省",
          city: "杭州市",
          area: "余杭区",
          address: "仓前街道文一西路 1 号",
        }),
      };
    },
  };
}
