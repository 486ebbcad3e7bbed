// WeChat Pay's side of a notification, as the sandbox (and the tests) play it: a platform key pair
// known by a PUB_KEY_ID_, the resource sealed with AES-256-GCM under the merchant's APIv3 key, and
// the RSA-SHA256 signature over "timestamp\nnonce\nbody\n" (docs/wechat-protocols.md §4.2–4.4).
import { createCipheriv, createSign, generateKeyPairSync, type KeyObject, randomBytes, randomUUID } from "node:crypto";

export type SandboxPayPlatform = {
  publicKeyId: string;
  publicKeyPem: string;
  privateKey: KeyObject;
  apiV3Key: string;
};

export function createSandboxPayPlatform(apiV3Key: string): SandboxPayPlatform {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    publicKeyId: `PUB_KEY_ID_${randomBytes(12).toString("hex").toUpperCase()}`,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    privateKey,
    apiV3Key,
  };
}

const alphanumeric = (length: number) =>
  Array.from(randomBytes(length), (byte) => "abcdefghijklmnopqrstuvwxyz0123456789"[byte % 36]).join("");

function sealResource(resource: object, apiV3Key: string, originalType: string) {
  const nonce = alphanumeric(12);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(apiV3Key, "utf8"), Buffer.from(nonce, "utf8"));
  cipher.setAAD(Buffer.from(originalType, "utf8"));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(resource), "utf8"), cipher.final(), cipher.getAuthTag()]);
  return {
    original_type: originalType,
    algorithm: "AEAD_AES_256_GCM",
    ciphertext: sealed.toString("base64"),
    associated_data: originalType,
    nonce,
  };
}

export function signNotification(platform: SandboxPayPlatform, body: string, options: { timestamp?: number } = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = alphanumeric(32);
  const signature = createSign("RSA-SHA256")
    .update(`${timestamp}\n${nonce}\n${body}\n`)
    .sign(platform.privateKey, "base64");
  return {
    "wechatpay-timestamp": timestamp,
    "wechatpay-nonce": nonce,
    "wechatpay-signature": signature,
    "wechatpay-serial": platform.publicKeyId,
    "wechatpay-signature-type": "WECHATPAY2-SHA256-RSA2048",
  };
}

/** A complete notification: its JSON body and the headers that sign it. */
export function buildPayNotification(
  platform: SandboxPayPlatform,
  event: { eventType: string; resource: object; id?: string; timestamp?: number },
) {
  const originalType = event.eventType.startsWith("REFUND.") ? "refund" : "transaction";
  const body = JSON.stringify({
    id: event.id ?? randomUUID(),
    create_time: new Date().toISOString().replace(/\.\d{3}Z$/, "+00:00"),
    resource_type: "encrypt-resource",
    event_type: event.eventType,
    summary: originalType === "refund" ? "退款成功" : "支付成功",
    resource: sealResource(event.resource, platform.apiV3Key, originalType),
  });
  return { body, headers: signNotification(platform, body, { timestamp: event.timestamp }) };
}
