// The LoopDesk customer an order from the shop belongs to: the same person as their chat identities.
// By openid under the shop's AppID (the identity their Official Account or mini-program messages
// created), else by unionid, else a new customer with that identity. Concurrent orders for a new
// customer race on the identity's and the unionid's unique keys; the loser reads the winner's row.
import { db } from "../db/db";
import { isUniqueViolation } from "../db/unique-violation";
import { AppError, localized } from "../errors";
import type { Prisma } from "../generated/prisma/client";

export type ShopCustomerRef = { openid?: string; unionid?: string; appId?: string; name?: string };

const defaultName = (id: string) => `微信用户 ${id.slice(-4)}`;

async function channelAccountFor(appId: string | undefined): Promise<string | null> {
  if (!appId) return null;
  const account = await db().channelAccount.findFirst({
    where: { appId, openKfId: "", kind: { in: ["OFFICIAL_ACCOUNT", "MINI_PROGRAM"] } },
    select: { id: true },
  });
  return account?.id ?? null;
}

async function resolveOnce(ref: ShopCustomerRef, channelAccountId: string | null) {
  if (channelAccountId && ref.openid) {
    const identity = await db().customerIdentity.findUnique({
      where: { channelAccountId_externalId: { channelAccountId, externalId: ref.openid } },
      select: { customerId: true },
    });
    if (identity) return identity.customerId;
  }
  const byUnion = ref.unionid
    ? await db().customer.findUnique({ where: { unionId: ref.unionid }, select: { id: true } })
    : null;
  const identity: Prisma.CustomerIdentityCreateWithoutCustomerInput | undefined =
    channelAccountId && ref.openid
      ? { externalId: ref.openid, unionId: ref.unionid ?? null, channelAccount: { connect: { id: channelAccountId } } }
      : undefined;
  if (byUnion) {
    if (identity)
      await db().customerIdentity.create({ data: { ...identity, customer: { connect: { id: byUnion.id } } } });
    return byUnion.id;
  }
  const created = await db().customer.create({
    data: {
      name: ref.name ?? defaultName(ref.openid ?? ref.unionid ?? ""),
      unionId: ref.unionid ?? null,
      ...(identity ? { identities: { create: identity } } : {}),
    },
    select: { id: true },
  });
  return created.id;
}

/** The customer's id and the channel account the order came through (null when not a known account). */
export async function resolveShopCustomer(ref: ShopCustomerRef) {
  const channelAccountId = await channelAccountFor(ref.appId);
  if (!ref.unionid && !(channelAccountId && ref.openid)) {
    throw new AppError("INVALID_INPUT", localized("error.orderCustomerUnknown"), {
      issues: [{ path: "customer", message: "give an openid with a connected appId, or a unionid" }],
    });
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { customerId: await resolveOnce(ref, channelAccountId), channelAccountId };
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}
