// WeChat Pay's side of a notification, as the sandbox (and the tests) play it: the platform's keys,
// the resource sealed with AES-256-GCM under the merchant's APIv3 key, and the RSA-SHA256 signature
// over "timestamp\nnonce\nbody\n" (docs/wechat-protocols.md §4.2–4.4). Like a merchant moving from
// platform certificates to the 微信支付公钥, the platform has both: a key known by its PUB_KEY_ID_,
// and an older key in a certificate known by its serial.
import { createCipheriv, createSign, generateKeyPairSync, type KeyObject, randomBytes, randomUUID } from "node:crypto";
import forge from "node-forge";

export type SandboxPayPlatform = {
  publicKeyId: string;
  publicKeyPem: string;
  privateKey: KeyObject;
  /** The platform certificate (PEM), its serial (upper-case hex) and the key it certifies. */
  certificate: { serial: string; pem: string; privateKey: KeyObject };
  apiV3Key: string;
};

/** A self-signed platform certificate for a fresh key pair, as WeChat Pay issued them. */
function platformCertificate(): SandboxPayPlatform["certificate"] {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString());
  certificate.serialNumber = randomBytes(16)
    .toString("hex")
    .replace(/^[89a-f]/, "1");
  certificate.validity.notBefore = new Date(Date.now() - 86_400_000);
  certificate.validity.notAfter = new Date(Date.now() + 5 * 365 * 86_400_000);
  const name = [
    { name: "commonName", value: "Tenpay.com Root CA (sandbox)" },
    { name: "organizationName", value: "Tenpay.com" },
  ];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.sign(
    forge.pki.privateKeyFromPem(privateKey.export({ type: "pkcs1", format: "pem" }).toString()),
    forge.md.sha256.create(),
  );
  return {
    serial: certificate.serialNumber.toUpperCase(),
    pem: forge.pki.certificateToPem(certificate),
    privateKey,
  };
}

export function createSandboxPayPlatform(apiV3Key: string): SandboxPayPlatform {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    publicKeyId: `PUB_KEY_ID_${randomBytes(12).toString("hex").toUpperCase()}`,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    privateKey,
    certificate: platformCertificate(),
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

/** `by`: the 微信支付公钥 (its PUB_KEY_ID_) or the platform certificate (its serial). */
export function signNotification(
  platform: SandboxPayPlatform,
  body: string,
  options: { timestamp?: number; by?: "publicKey" | "certificate" } = {},
) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = alphanumeric(32);
  const certificate = options.by === "certificate";
  const signature = createSign("RSA-SHA256")
    .update(`${timestamp}\n${nonce}\n${body}\n`)
    .sign(certificate ? platform.certificate.privateKey : platform.privateKey, "base64");
  return {
    "wechatpay-timestamp": timestamp,
    "wechatpay-nonce": nonce,
    "wechatpay-signature": signature,
    "wechatpay-serial": certificate ? platform.certificate.serial : platform.publicKeyId,
    "wechatpay-signature-type": "WECHATPAY2-SHA256-RSA2048",
  };
}

/** A complete notification: its JSON body and the headers that sign it. */
export function buildPayNotification(
  platform: SandboxPayPlatform,
  event: { eventType: string; resource: object; id?: string; timestamp?: number; by?: "publicKey" | "certificate" },
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
  return { body, headers: signNotification(platform, body, { timestamp: event.timestamp, by: event.by }) };
}
