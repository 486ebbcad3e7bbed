// The LoopDesk customer behind each channel identity a batch of inbound messages comes from: known,
// joined to a customer known on another channel by unionid, or created with the identity.
import type { InboundMessage } from "../conversations/inbound-message";
import { newId } from "../db/new-id";
import type { SqlConnection } from "../db/sql-connection";

type IdentityRef = Pick<InboundMessage, "channelAccountId" | "externalUserId">;
export const identityKey = (ref: IdentityRef) => `${ref.channelAccountId}\u0000${ref.externalUserId}`;

/** What a customer is called until they tell us: WeChat no longer gives names to most APIs. */
const defaultName = (externalUserId: string) => `微信用户 ${externalUserId.slice(-4)}`;

/** The customer behind this channel identity: found, merged by unionId, or created with the identity. */
async function resolveCustomer(tx: SqlConnection, message: InboundMessage, now: string): Promise<string> {
  const profile = message.profile ?? {};
  const { rows } = await tx.query<{ customerId: string | null }>(
    `WITH existing AS (
       SELECT "customerId" FROM "CustomerIdentity" WHERE "channelAccountId" = $1 AND "externalId" = $2
     ), by_union AS (
       SELECT id FROM "Customer" WHERE $3::text IS NOT NULL AND "unionId" = $3 AND NOT EXISTS (SELECT 1 FROM existing)
     ), created AS (
       INSERT INTO "Customer" (id, name, "avatarUrl", "unionId", "createdAt", "updatedAt")
       SELECT $4, $5, $6, $3, $9, $9
       WHERE NOT EXISTS (SELECT 1 FROM existing) AND NOT EXISTS (SELECT 1 FROM by_union)
       RETURNING id
     ), identity AS (
       INSERT INTO "CustomerIdentity" (id, "customerId", "channelAccountId", "externalId", "unionId", nickname, "avatarUrl", "createdAt", "updatedAt")
       SELECT $7, coalesce((SELECT id FROM by_union), (SELECT id FROM created)), $1, $2, $3, $8, $6, $9, $9
       WHERE NOT EXISTS (SELECT 1 FROM existing)
       RETURNING "customerId"
     )
     SELECT coalesce((SELECT "customerId" FROM existing), (SELECT "customerId" FROM identity)) AS "customerId"`,
    [
      message.channelAccountId,
      message.externalUserId,
      profile.unionId ?? null,
      newId(),
      profile.nickname ?? defaultName(message.externalUserId),
      profile.avatarUrl ?? null,
      newId(),
      profile.nickname ?? null,
      now,
    ],
  );
  const customerId = rows[0]?.customerId;
  if (!customerId) throw new Error("customer could not be resolved");
  return customerId;
}

/**
 * The customers behind identities seen for the first time (`known` holds the rest): without a
 * unionid, created in one insert; with one, one by one, since they may join a customer known on
 * another channel. `created` holds the identities of brand-new customers.
 */
export async function resolveNewCustomers(
  tx: SqlConnection,
  messages: InboundMessage[],
  known: Map<string, string>,
  now: string,
) {
  const customers = new Map(known);
  // In key order, so that two batches creating the same new customers wait for each other, never deadlock.
  const unknown = [...new Map(messages.map((message) => [identityKey(message), message])).entries()]
    .filter(([key]) => !customers.has(key))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, message]) => message);
  const created = new Set<string>();
  const strangers = unknown
    .filter((message) => !message.profile?.unionId)
    .map((message) => ({ message, customerId: newId() }));
  if (strangers.length > 0) {
    await tx.query(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
           AS i(customer, identity, channel, external, name, nickname, avatar)
       ), customers AS (
         INSERT INTO "Customer" (id, name, "avatarUrl", "createdAt", "updatedAt")
         SELECT customer, name, avatar, $8, $8 FROM input
       )
       INSERT INTO "CustomerIdentity" (id, "customerId", "channelAccountId", "externalId", nickname, "avatarUrl",
                                       "createdAt", "updatedAt")
       SELECT identity, customer, channel, external, nickname, avatar, $8, $8 FROM input`,
      [
        strangers.map((s) => s.customerId),
        strangers.map(() => newId()),
        strangers.map((s) => s.message.channelAccountId),
        strangers.map((s) => s.message.externalUserId),
        strangers.map((s) => s.message.profile?.nickname ?? defaultName(s.message.externalUserId)),
        strangers.map((s) => s.message.profile?.nickname ?? null),
        strangers.map((s) => s.message.profile?.avatarUrl ?? null),
        now,
      ],
    );
    for (const { message, customerId } of strangers) {
      customers.set(identityKey(message), customerId);
      created.add(identityKey(message));
    }
  }
  for (const message of unknown) {
    if (!customers.has(identityKey(message))) {
      customers.set(identityKey(message), await resolveCustomer(tx, message, now));
    }
  }
  return { customers, created };
}
