// ref: https://pay.weixin.qq.com/docs/merchant/development/interface-rules/signature-verification.html
// WeChat Pay API v3 notifications (docs/wechat-protocols.md §4.3–4.4): RSA-SHA256 over
// "timestamp\nnonce\nbody\n" with the key named by Wechatpay-Serial, then the resource opened with
// AES-GCM under the merchant's APIv3 key. Every refusal is answered in WeChat Pay's own format.
import { createDecipheriv, type KeyObject, verify } from "node:crypto";
import { WebhookRefusal } from "../../inbound/webhook-types";

/** WeChat Pay reads the status; the body says why, in its format. */
export class WechatPayRefusal extends WebhookRefusal {
  override name = "WechatPayRefusal";
  constructor(status: number, reason: string) {
    super(status, JSON.stringify({ code: "FAIL", message: reason }), reason, "application/json; charset=utf-8");
  }
}

/** A timestamp this far from ours (either way) is refused: a replayed or forged notification. */
const MAX_SKEW_SECONDS = 300;
const PROBE_PREFIX = "WECHATPAY/SIGNTEST/";

export type NotificationHeaders = {
  timestamp: string | undefined;
  nonce: string | undefined;
  signature: string | undefined;
  serial: string | undefined;
};

/** The four Wechatpay-* signature headers, from headers as Node gives them (lower-case names). */
export function signatureHeadersOf(headers: Record<string, string | string[] | undefined>): NotificationHeaders {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return {
    timestamp: header("wechatpay-timestamp"),
    nonce: header("wechatpay-nonce"),
    signature: header("wechatpay-signature"),
    serial: header("wechatpay-serial"),
  };
}

/**
 * Checks a notification's signature over its raw body. `keys` maps each serial LoopDesk trusts (a
 * platform certificate's hex serial, or a PUB_KEY_ID_…) to its public key; both kinds at once during
 * a migration.
 */
export function verifyNotification(
  headers: NotificationHeaders,
  rawBody: string,
  keys: ReadonlyMap<string, KeyObject>,
  nowMs = Date.now(),
): void {
  const { timestamp, nonce, signature, serial } = headers;
  if (!timestamp || !nonce || !signature || !serial) {
    throw new WechatPayRefusal(401, "missing Wechatpay-Timestamp, -Nonce, -Signature or -Serial");
  }
  // Probes are signed wrong on purpose; they must be refused before anything else is tried.
  if (signature.startsWith(PROBE_PREFIX)) throw new WechatPayRefusal(401, "signature probe refused");
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) >= MAX_SKEW_SECONDS) {
    throw new WechatPayRefusal(401, "timestamp too far from now");
  }
  const key = keys.get(serial) ?? keys.get(serial.toUpperCase());
  if (!key) throw new WechatPayRefusal(401, `unknown Wechatpay-Serial ${serial.slice(0, 64)}`);
  const message = Buffer.from(`${timestamp}\n${nonce}\n${rawBody}\n`, "utf8");
  let valid = false;
  try {
    valid = verify("RSA-SHA256", message, key, Buffer.from(signature, "base64"));
  } catch {
    valid = false;
  }
  if (!valid) throw new WechatPayRefusal(401, "signature mismatch");
}

export type EncryptedResource = { ciphertext: string; nonce: string; associated_data?: string };

/**
 * Opens a notification's resource. The APIv3 key is 32 bytes in production (AES-256-GCM); a 16-byte
 * key selects AES-128-GCM, as WeChat Pay's own SDK does, so its published test vector opens too.
 */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string {
  const key = Buffer.from(apiV3Key, "utf8");
  const data = Buffer.from(resource.ciphertext, "base64");
  if ((key.length !== 16 && key.length !== 32) || data.length < 17) {
    throw new WechatPayRefusal(400, "resource cannot be decrypted");
  }
  try {
    const decipher = createDecipheriv(
      key.length === 32 ? "aes-256-gcm" : "aes-128-gcm",
      key,
      Buffer.from(resource.nonce, "utf8"),
    );
    decipher.setAuthTag(data.subarray(data.length - 16));
    decipher.setAAD(Buffer.from(resource.associated_data ?? "", "utf8"));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8");
  } catch {
    throw new WechatPayRefusal(400, "resource authentication failed (bad tag or key)");
  }
}
