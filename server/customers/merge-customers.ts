// Manual identity management: two records that are one person are merged (the same person wrote
// from a mini program without a unionid, say), and a wrong merge is split again. Both are audited.
// A customer's next message finds its open conversation by channel and customer (the activeKey), so
// the conversations that move are keyed to their new customer: the conversation goes on.
import { z } from "zod";
import type { SessionUser } from "../auth/sessions";
import { activeKeyPrismaSql } from "../conversations/active-key";
import { publishConversationChanges } from "../conversations/publish-conversation";
import { db } from "../db/db";
import { AppError, localized } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { assertCustomerVisible } from "./get-customer-profile";

export const mergeCustomersSchema = z.object({ sourceCustomerId: z.string().min(1).max(64) });

/**
 * Gives a customer's conversations (on one channel, or all) to another customer, re-keying the active
 * ones. Where the new customer already has an active conversation on that channel, that one stays
 * the channel's conversation and the moved one keeps its old key (open, for an agent to resolve).
 */
async function moveConversations(
  tx: Prisma.TransactionClient,
  move: { fromCustomerId: string; toCustomerId: string; channelAccountId?: string },
): Promise<string[]> {
  const { fromCustomerId: from, toCustomerId: to, channelAccountId: channel = null } = move;
  const moved = await tx.$queryRaw<{ id: string }[]>`
    UPDATE "Conversation" c SET "customerId" = ${to}, "updatedAt" = ${new Date().toISOString()}::timestamp,
      "activeKey" = CASE
        WHEN c."activeKey" IS NULL THEN NULL
        WHEN EXISTS (SELECT 1 FROM "Conversation" o WHERE o."activeKey" = ${activeKeyPrismaSql('c."channelAccountId"', to)})
          THEN c."activeKey"
        ELSE ${activeKeyPrismaSql('c."channelAccountId"', to)}
      END
    WHERE c."customerId" = ${from} AND (${channel}::text IS NULL OR c."channelAccountId" = ${channel})
    RETURNING c.id`;
  return moved.map((row) => row.id);
}

/** After commit: the moved conversations' list rows, with their new customer, to whoever sees them. */
const publishMoved = (conversationIds: string[]) =>
  publishConversationChanges(conversationIds.map((conversationId) => ({ conversationId, messages: [] })));

export async function mergeCustomers(
  user: SessionUser,
  targetCustomerId: string,
  sourceCustomerId: string,
  ip: string | null,
) {
  if (targetCustomerId === sourceCustomerId)
    throw new AppError("INVALID_INPUT", localized("error.cannotMergeIntoItself"));
  await assertCustomerVisible(user, targetCustomerId);
  await assertCustomerVisible(user, sourceCustomerId);
  const moved = await db().$transaction(async (tx) => {
    // One after the other: a transaction is one connection, and node-postgres deprecates
    // overlapping queries on a connection.
    const target = await tx.customer.findUniqueOrThrow({
      where: { id: targetCustomerId },
      select: { unionId: true, mergedIntoId: true, tags: true },
    });
    const source = await tx.customer.findUniqueOrThrow({
      where: { id: sourceCustomerId },
      select: { unionId: true, mergedIntoId: true, lifetimeValueFen: true, tags: true },
    });
    if (target.mergedIntoId || source.mergedIntoId) {
      throw new AppError("CONFLICT", localized("error.customerAlreadyMerged"));
    }
    if (target.unionId && source.unionId && target.unionId !== source.unionId) {
      throw new AppError("CONFLICT", localized("error.differentUnionIds"));
    }
    await tx.customerIdentity.updateMany({
      where: { customerId: sourceCustomerId },
      data: { customerId: targetCustomerId },
    });
    const movedIds = await moveConversations(tx, { fromCustomerId: sourceCustomerId, toCustomerId: targetCustomerId });
    await tx.order.updateMany({ where: { customerId: sourceCustomerId }, data: { customerId: targetCustomerId } });
    await tx.customer.update({
      where: { id: sourceCustomerId },
      data: { mergedIntoId: targetCustomerId, unionId: null },
    });
    await tx.customer.update({
      where: { id: targetCustomerId },
      data: {
        unionId: target.unionId ?? source.unionId,
        lifetimeValueFen: { increment: source.lifetimeValueFen },
        tags: [...new Set([...target.tags, ...source.tags])],
      },
    });
    await tx.auditLog.create({
      data: {
        action: "customer.merged",
        actorId: user.id,
        subjectType: "customer",
        subjectId: targetCustomerId,
        ip,
        details: { sourceCustomerId },
      },
    });
    return movedIds;
  });
  await publishMoved(moved);
}

/** Takes one channel identity (and its conversations on that channel) out into a customer of its own. */
export async function splitIdentity(user: SessionUser, customerId: string, identityId: string, ip: string | null) {
  await assertCustomerVisible(user, customerId);
  const { customerId: splitId, moved } = await db().$transaction(async (tx) => {
    const identity = await tx.customerIdentity.findFirst({
      where: { id: identityId, customerId },
      select: { id: true, channelAccountId: true, nickname: true, unionId: true, externalId: true },
    });
    if (!identity) throw new AppError("NOT_FOUND", localized("error.identityNotFound"));
    const others = await tx.customerIdentity.count({ where: { customerId, id: { not: identityId } } });
    if (others === 0) throw new AppError("CONFLICT", localized("error.nothingToSplit"));
    const created = await tx.customer.create({
      data: { name: identity.nickname ?? `微信用户 ${identity.externalId.slice(-4)}` },
      select: { id: true },
    });
    await tx.customerIdentity.update({ where: { id: identityId }, data: { customerId: created.id } });
    const movedIds = await moveConversations(tx, {
      fromCustomerId: customerId,
      toCustomerId: created.id,
      channelAccountId: identity.channelAccountId,
    });
    await tx.auditLog.create({
      data: {
        action: "customer.split",
        actorId: user.id,
        subjectType: "customer",
        subjectId: customerId,
        ip,
        details: { identityId, newCustomerId: created.id },
      },
    });
    return { customerId: created.id, moved: movedIds };
  });
  await publishMoved(moved);
  return splitId;
}
