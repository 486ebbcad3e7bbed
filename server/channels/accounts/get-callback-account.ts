import { secretBox } from "../../crypto/secret-box";
import { db } from "../../db/db";
import { AppError } from "../../errors";
import type { ChannelKind } from "../../generated/prisma/enums";

/** A channel connection with its secrets opened: what a webhook needs to verify and decrypt. */
export type CallbackAccount = {
  id: string;
  kind: ChannelKind;
  /** CorpID or AppID: the receive id inside every encrypted envelope. */
  appId: string;
  token: string;
  aesKey: string | null;
  secret: string;
};

// Every callback needs the account; a short cache keeps the hot path to one database write.
const TTL_MS = 10_000;
/** Webhook paths name channels and anyone can make names up: past this many, the oldest entry goes. */
const MAX_CACHED = 1_000;
const cache = new Map<string, { account: CallbackAccount | null; expiresAt: number }>();

export function forgetCallbackAccounts(): void {
  cache.clear();
}

/** How many accounts (and unknown names) the cache holds. */
export function cachedCallbackAccounts(): number {
  return cache.size;
}

async function load(kind: ChannelKind, channelId: string | undefined): Promise<CallbackAccount | null> {
  const row = await db().channelAccount.findFirst({
    where: channelId
      ? { id: channelId, kind, openKfId: "", enabled: true }
      : { kind, openKfId: "", fromEnv: true, enabled: true },
  });
  if (!row?.tokenEnc || !row.secretEnc) return null;
  const box = secretBox();
  return {
    id: row.id,
    kind: row.kind,
    appId: row.appId,
    token: box.open(row.tokenEnc),
    aesKey: row.aesKeyEnc ? box.open(row.aesKeyEnc) : null,
    secret: box.open(row.secretEnc),
  };
}

/**
 * The connection a webhook was sent to: `/webhooks/<kind>` is the one declared in the environment,
 * `/webhooks/<kind>/<channelId>` one added in Settings. Unknown or disabled: NOT_FOUND.
 */
export async function getCallbackAccount(kind: ChannelKind, channelId?: string): Promise<CallbackAccount> {
  const key = `${kind}:${channelId ?? ""}`;
  const cached = cache.get(key);
  let account = cached && cached.expiresAt > Date.now() ? cached.account : undefined;
  if (account === undefined) {
    account = await load(kind, channelId);
    // Re-inserted at the end, so that the first key is always the oldest.
    cache.delete(key);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value ?? "");
    cache.set(key, { account, expiresAt: Date.now() + TTL_MS });
  }
  if (!account) throw new AppError("NOT_FOUND", "unknown channel account");
  return account;
}

/** The credentials a channel sends with: its own, or for a kf account its corp connection's. */
export async function getChannelConnection(channelAccountId: string): Promise<{
  connection: CallbackAccount;
  kind: ChannelKind;
  openKfId: string;
}> {
  const row = await db().channelAccount.findUnique({
    where: { id: channelAccountId },
    select: { kind: true, openKfId: true, parentId: true },
  });
  if (!row) throw new AppError("NOT_FOUND", "unknown channel account");
  return {
    connection: await getCallbackAccount(row.kind, row.parentId ?? channelAccountId),
    kind: row.kind,
    openKfId: row.openKfId,
  };
}
