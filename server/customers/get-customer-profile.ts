// The customer sidebar: who they are on every channel, what they are worth, and their past
// conversations (only those this user may see). The phone number stays masked here.
import type { SessionUser } from "../auth/sessions";
import { visibleConversationsFilter } from "../conversations/visible-conversations-filter";
import { db } from "../db/db";
import { AppError, localized } from "../errors";

/** A customer is visible to whoever can see at least one of their conversations. */
export async function assertCustomerVisible(user: SessionUser, customerId: string): Promise<void> {
  const visible = await db().conversation.count({
    where: { AND: [{ customerId }, visibleConversationsFilter(user)] },
  });
  if (visible === 0) throw new AppError("NOT_FOUND", localized("error.customerNotFound"));
}

export async function getCustomerProfile(user: SessionUser, customerId: string) {
  await assertCustomerVisible(user, customerId);
  const customer = await db().customer.findUniqueOrThrow({
    where: { id: customerId },
    select: {
      id: true,
      name: true,
      avatarUrl: true,
      unionId: true,
      phoneMasked: true,
      phoneEnc: true,
      tags: true,
      isVip: true,
      lifetimeValueFen: true,
      note: true,
      createdAt: true,
      lastSeenAt: true,
      identities: {
        select: {
          id: true,
          externalId: true,
          nickname: true,
          unionId: true,
          createdAt: true,
          channelAccount: { select: { id: true, kind: true, name: true } },
        },
        orderBy: { createdAt: "asc" },
      },
      mergedFrom: { select: { id: true, name: true } },
      _count: { select: { orders: true } },
    },
  });
  const conversations = await db().conversation.findMany({
    where: { AND: [{ customerId }, visibleConversationsFilter(user)] },
    orderBy: { lastActivityAt: "desc" },
    take: 20,
    select: {
      id: true,
      status: true,
      lastActivityAt: true,
      lastMessagePreview: true,
      channelAccount: { select: { kind: true } },
    },
  });
  const { phoneEnc, _count, ...rest } = customer;
  return {
    ...rest,
    createdAt: customer.createdAt.toISOString(),
    lastSeenAt: customer.lastSeenAt?.toISOString() ?? null,
    identities: customer.identities.map((identity) => ({ ...identity, createdAt: identity.createdAt.toISOString() })),
    hasPhone: phoneEnc !== null,
    orderCount: _count.orders,
    conversations: conversations.map((conversation) => ({
      id: conversation.id,
      status: conversation.status,
      channelKind: conversation.channelAccount.kind,
      lastActivityAt: conversation.lastActivityAt.toISOString(),
      lastMessagePreview: conversation.lastMessagePreview,
    })),
  };
}

export type CustomerProfile = Awaited<ReturnType<typeof getCustomerProfile>>;
