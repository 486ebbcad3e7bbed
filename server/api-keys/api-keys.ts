// Keys for the open API (/api/v1): a brand's shop or ERP sends orders and products with one. Admins
// create and revoke them; the key is shown once and only its SHA-256 is kept, so a leaked database
// does not leak working keys.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/sessions";
import { db } from "../db/db";
import { AppError, localized } from "../errors";

export const API_SCOPES = ["orders:write", "orders:read", "products:write", "webhooks:write"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1).max(60),
  scopes: z
    .array(z.enum(API_SCOPES))
    .min(1)
    .max(API_SCOPES.length)
    .transform((scopes) => [...new Set(scopes)]),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

/** What Settings shows of a key: never the key or its hash. */
export type ApiKeyDto = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

const KEY_PREFIX = "ld_";
/** Writing lastUsedAt on every call would turn each read into a write; once a minute is enough. */
const TOUCH_INTERVAL_MS = 60_000;

const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

const dtoSelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

function toDto(key: {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}): ApiKeyDto {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a key; the returned `key` is the only time anyone sees it. */
export async function createApiKey(actor: SessionUser, input: CreateApiKeyInput, ip: string | null) {
  const key = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const created = await db().apiKey.create({
    data: {
      name: input.name,
      prefix: key.slice(0, KEY_PREFIX.length + 6),
      keyHash: hashKey(key),
      scopes: input.scopes,
      createdById: actor.id,
    },
    select: dtoSelect,
  });
  await recordAudit({
    action: "api_key.created",
    actorId: actor.id,
    subjectType: "api_key",
    subjectId: created.id,
    ip,
    details: { name: input.name, scopes: input.scopes },
  });
  return { ...toDto(created), key };
}

export async function listApiKeys(): Promise<ApiKeyDto[]> {
  const keys = await db().apiKey.findMany({ orderBy: { createdAt: "desc" }, select: dtoSelect });
  return keys.map(toDto);
}

export async function revokeApiKey(actor: SessionUser, keyId: string, ip: string | null): Promise<void> {
  const { count } = await db().apiKey.updateMany({
    where: { id: keyId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) {
    const exists = await db().apiKey.count({ where: { id: keyId } });
    if (exists === 0) throw new AppError("NOT_FOUND", localized("error.apiKeyNotFound"));
    return;
  }
  await recordAudit({ action: "api_key.revoked", actorId: actor.id, subjectType: "api_key", subjectId: keyId, ip });
}

/** Who is calling the open API: the key's id and name, for the audit log. */
export type ApiCaller = { keyId: string; keyName: string };

/**
 * The caller behind `Authorization: Bearer <key>`: 401 for a missing, unknown or revoked key (the
 * same answer for each), 403 for a key without `scope`.
 */
export async function authenticateApiKey(authorization: string | null, scope: ApiScope): Promise<ApiCaller> {
  const match = /^Bearer\s+(\S{1,200})$/i.exec(authorization ?? "");
  const key = match?.[1]
    ? await db().apiKey.findUnique({
        where: { keyHash: hashKey(match[1]) },
        select: { id: true, name: true, scopes: true, revokedAt: true, lastUsedAt: true },
      })
    : null;
  if (!key || key.revokedAt) throw new AppError("UNAUTHORIZED", localized("error.invalidApiKey"));
  if (!key.scopes.includes(scope)) {
    throw new AppError("FORBIDDEN", localized("error.apiKeyLacksScope", { scope }));
  }
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await db().apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } });
  }
  return { keyId: key.id, keyName: key.name };
}
