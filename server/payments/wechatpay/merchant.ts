// The WeChat Pay merchant declared in the environment, with the public keys its notifications are
// verified with, by serial: the 微信支付公钥 under its PUB_KEY_ID_, and each platform certificate
// under its serial (both at once while a merchant migrates).
import { createPublicKey, type KeyObject, X509Certificate } from "node:crypto";
import { getConfig } from "../../env";

export type Merchant = {
  mchId: string;
  appId: string;
  apiV3Key: string;
  verificationKeys: ReadonlyMap<string, KeyObject>;
};

let cached: Merchant | null | undefined;

function certificatesIn(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}

/** The merchant, or null when WeChat Pay is not configured. */
export function getMerchant(): Merchant | null {
  if (cached !== undefined) return cached;
  const config = getConfig().wechatPay;
  if (!config) {
    cached = null;
    return cached;
  }
  const keys = new Map<string, KeyObject>();
  if (config.publicKey) keys.set(config.publicKey.id, createPublicKey(config.publicKey.pem));
  for (const certificate of certificatesIn(config.platformCerts ?? "")) {
    keys.set(certificate.serialNumber.toUpperCase(), certificate.publicKey);
  }
  cached = { mchId: config.mchId, appId: config.appId, apiV3Key: config.apiV3Key, verificationKeys: keys };
  return cached;
}
