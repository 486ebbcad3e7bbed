// WeChat Pay merchants added in Settings (the environment's is shown, not stored). The APIv3 key and
// the API private key are write-only: sealed on the way in, never read back out; the console learns
// only the public key ids, the certificate serials and whether refunds are possible.
import { createPrivateKey, createPublicKey, X509Certificate } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "../../audit/record-audit";
import type { SessionUser } from "../../auth/sessions";
import { secretBox } from "../../crypto/secret-box";
import { db } from "../../db/db";
import { isUniqueViolation } from "../../db/unique-violation";
import { AppError, localized } from "../../errors";
import { forgetMerchants, getMerchant, verificationKeysOf } from "../wechatpay/merchant";

const pem = z.string().trim().max(20_000);

export const createMerchantSchema = z
  .object({
    name: z.string().trim().min(1).max(60),
    mchId: z.string().regex(/^\d{6,16}$/, "商户号 / merchant id: digits"),
    appId: z.string().regex(/^wx[0-9a-f]{16}$/i, "AppID like wx0123456789abcdef"),
    apiV3Key: z.string().length(32, "APIv3 key: 32 characters"),
    publicKeyId: z
      .string()
      .regex(/^PUB_KEY_ID_\w{1,64}$/, "PUB_KEY_ID_…")
      .optional(),
    publicKeyPem: pem.optional(),
    platformCerts: pem.optional(),
    privateKeyPem: pem.optional(),
    certSerial: z
      .string()
      .regex(/^[0-9A-Fa-f]{8,64}$/, "certificate serial: hex")
      .optional(),
  })
  .refine((input) => Boolean(input.publicKeyId) === Boolean(input.publicKeyPem), {
    message: "微信支付公钥与其 ID 需一起填写 / the public key and its id go together",
    path: ["publicKeyId"],
  })
  .refine((input) => input.publicKeyPem || input.platformCerts, {
    message: "需要微信支付公钥或平台证书 / a public key or platform certificates are needed",
    path: ["publicKeyPem"],
  })
  .refine((input) => Boolean(input.privateKeyPem) === Boolean(input.certSerial), {
    message: "商户私钥与证书序列号需一起填写 / the private key and its certificate serial go together",
    path: ["certSerial"],
  });
export type CreateMerchantInput = z.infer<typeof createMerchantSchema>;

export const updateMerchantSchema = z
  .object({ name: z.string().trim().min(1).max(60), enabled: z.boolean() })
  .partial();

/** Keys that do not parse are refused here, not discovered at the first notification. */
function assertKeysParse(input: CreateMerchantInput): void {
  const refuse = (what: string) => new AppError("INVALID_INPUT", localized("error.merchantKeyInvalid", { what }));
  try {
    if (input.publicKeyPem) createPublicKey(input.publicKeyPem);
  } catch {
    throw refuse("publicKeyPem");
  }
  const certificates = input.platformCerts?.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (input.platformCerts && !certificates) throw refuse("platformCerts");
  try {
    for (const certificate of certificates ?? []) new X509Certificate(certificate);
  } catch {
    throw refuse("platformCerts");
  }
  try {
    if (input.privateKeyPem) createPrivateKey(input.privateKeyPem);
  } catch {
    throw refuse("privateKeyPem");
  }
}

type StoredMerchant = Awaited<ReturnType<ReturnType<typeof db>["payMerchant"]["findMany"]>>[number];

function toDto(row: StoredMerchant) {
  return {
    id: row.id,
    name: row.name,
    mchId: row.mchId,
    appId: row.appId,
    fromEnv: false,
    enabled: row.enabled,
    /** The serials notifications may be signed under: the public key id and the certificates'. */
    serials: [
      ...verificationKeysOf(undefined, row.platformCerts).keys(),
      ...(row.publicKeyId ? [row.publicKeyId] : []),
    ],
    canRefund: row.privateKeySealed !== null,
    notifyPath: `/webhooks/wechatpay/${row.id}`,
  };
}
export type PayMerchantDto = ReturnType<typeof toDto>;

export async function listMerchants(): Promise<PayMerchantDto[]> {
  const rows = await db().payMerchant.findMany({ orderBy: { createdAt: "asc" } });
  const env = getMerchant();
  const fromEnv: PayMerchantDto[] = env
    ? [
        {
          id: "env",
          name: "WECHATPAY_*",
          mchId: env.mchId,
          appId: env.appId,
          fromEnv: true,
          enabled: true,
          serials: [...env.verificationKeys.keys()],
          canRefund: env.signer !== null,
          notifyPath: "/webhooks/wechatpay",
        },
      ]
    : [];
  return [...fromEnv, ...rows.map(toDto)];
}

export async function createMerchant(actor: SessionUser, input: CreateMerchantInput, ip: string | null) {
  assertKeysParse(input);
  if (getMerchant()?.mchId === input.mchId) throw new AppError("CONFLICT", localized("error.merchantExists"));
  const box = secretBox();
  try {
    const row = await db().payMerchant.create({
      data: {
        name: input.name,
        mchId: input.mchId,
        appId: input.appId,
        apiV3KeySealed: box.seal(input.apiV3Key),
        publicKeyId: input.publicKeyId ?? null,
        publicKeyPem: input.publicKeyPem ?? null,
        platformCerts: input.platformCerts ?? null,
        privateKeySealed: input.privateKeyPem ? box.seal(input.privateKeyPem) : null,
        certSerial: input.certSerial?.toUpperCase() ?? null,
      },
    });
    await recordAudit({
      action: "pay_merchant.added",
      actorId: actor.id,
      subjectType: "pay_merchant",
      subjectId: row.id,
      ip,
      details: { mchId: row.mchId, appId: row.appId, canRefund: row.privateKeySealed !== null },
    });
    forgetMerchants();
    return toDto(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", localized("error.merchantExists"));
    throw error;
  }
}

export async function updateMerchant(
  actor: SessionUser,
  id: string,
  input: z.infer<typeof updateMerchantSchema>,
  ip: string | null,
) {
  const { count } = await db().payMerchant.updateMany({ where: { id }, data: input });
  if (count === 0) throw new AppError("NOT_FOUND", localized("error.merchantNotFound"));
  await recordAudit({
    action: "pay_merchant.changed",
    actorId: actor.id,
    subjectType: "pay_merchant",
    subjectId: id,
    ip,
    details: input,
  });
  forgetMerchants();
  return toDto(await db().payMerchant.findUniqueOrThrow({ where: { id } }));
}
