// The WeChat Pay merchants LoopDesk works for: the one declared in the environment, and those added
// in Settings (PayMerchant, secrets sealed). Each comes with the public keys its notifications and
// answers are verified with, by serial (the 微信支付公钥 under its PUB_KEY_ID_, and each platform
// certificate under its serial: both at once while a merchant migrates), and, when its API private
// key is known, the signer for its requests.
import { createPublicKey, type KeyObject, X509Certificate } from "node:crypto";
import { secretBox } from "../../crypto/secret-box";
import { db } from "../../db/db";
import { getConfig } from "../../env";
import { createRequestSigner, type RequestSigner } from "./request-signing";

export type Merchant = {
  /** The PayMerchant's id; null for the merchant in the environment. */
  id: string | null;
  mchId: string;
  appId: string;
  apiV3Key: string;
  verificationKeys: ReadonlyMap<string, KeyObject>;
  /** Null when its API private key is not configured: notifications only, no refunds or queries. */
  signer: RequestSigner | null;
};

function certificatesIn(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}

/** The keys by serial: the public key under its id, each certificate under its (upper-case) serial. */
export function verificationKeysOf(publicKey: { id: string; pem: string } | undefined, certificates: string | null) {
  const keys = new Map<string, KeyObject>();
  if (publicKey) keys.set(publicKey.id, createPublicKey(publicKey.pem));
  for (const certificate of certificatesIn(certificates ?? "")) {
    keys.set(certificate.serialNumber.toUpperCase(), certificate.publicKey);
  }
  return keys;
}

let fromEnv: Merchant | null | undefined;

/** The merchant in the environment, or null when none is. */
export function getMerchant(): Merchant | null {
  if (fromEnv !== undefined) return fromEnv;
  const config = getConfig().wechatPay;
  fromEnv = config
    ? {
        id: null,
        mchId: config.mchId,
        appId: config.appId,
        apiV3Key: config.apiV3Key,
        verificationKeys: verificationKeysOf(config.publicKey, config.platformCerts ?? null),
        signer: config.signing
          ? createRequestSigner({
              mchId: config.mchId,
              certSerial: config.signing.certSerial,
              privateKeyPem: config.signing.privateKeyPem,
            })
          : null,
      }
    : null;
  return fromEnv;
}

/** Settings merchants are read again this often, so that a change reaches every instance. */
const CACHE_MS = 30_000;
const cache = new Map<string, { merchant: Merchant | null; until: number }>();

type StoredMerchant = NonNullable<Awaited<ReturnType<ReturnType<typeof db>["payMerchant"]["findUnique"]>>>;

function unseal(row: StoredMerchant): Merchant {
  const box = secretBox();
  return {
    id: row.id,
    mchId: row.mchId,
    appId: row.appId,
    apiV3Key: box.open(row.apiV3KeySealed),
    verificationKeys: verificationKeysOf(
      row.publicKeyId && row.publicKeyPem ? { id: row.publicKeyId, pem: row.publicKeyPem } : undefined,
      row.platformCerts,
    ),
    signer:
      row.privateKeySealed && row.certSerial
        ? createRequestSigner({
            mchId: row.mchId,
            certSerial: row.certSerial,
            privateKeyPem: box.open(row.privateKeySealed),
          })
        : null,
  };
}

async function cached(key: string, load: () => Promise<StoredMerchant | null>): Promise<Merchant | null> {
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return hit.merchant;
  const row = await load();
  const merchant = row?.enabled ? unseal(row) : null;
  cache.set(key, { merchant, until: Date.now() + CACHE_MS });
  return merchant;
}

/** A Settings merchant by its id (the /webhooks/wechatpay/<id> path), if it exists and is enabled. */
export function findMerchant(id: string): Promise<Merchant | null> {
  return cached(`id:${id}`, () => db().payMerchant.findUnique({ where: { id } }));
}

/** The merchant with this mchid: the environment's, else a Settings one; null when unknown. */
export async function merchantOf(mchId: string | null): Promise<Merchant | null> {
  const env = getMerchant();
  if (mchId === null || env?.mchId === mchId) return env;
  return cached(`mch:${mchId}`, () => db().payMerchant.findUnique({ where: { mchId } }));
}

/** After a change in Settings: this instance reads merchants again (others within CACHE_MS). */
export function forgetMerchants(): void {
  cache.clear();
}
