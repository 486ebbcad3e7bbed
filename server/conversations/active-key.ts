// A customer has at most one active conversation per channel: "activeKey" (unique) names the
// channel account and the customer while the conversation is not resolved, and is NULL after. Its
// format lives here only, in the forms the code needs it in (a real-database test keeps them equal).
import { Prisma } from "../generated/prisma/client";

/** The key of `customerId`'s active conversation on `channelAccountId`. */
export function activeKey(channelAccountId: string, customerId: string): string {
  return `${channelAccountId}:${customerId}`;
}

/** The same key computed by PostgreSQL, from two SQL expressions (columns or placeholders). */
export function activeKeySql(channelAccountId: string, customerId: string): string {
  return `${channelAccountId} || ':' || ${customerId}`;
}

/** The same, for Prisma's tagged queries: a channel column and a customer id sent as a parameter. */
export function activeKeyPrismaSql(channelAccountColumn: string, customerId: string): Prisma.Sql {
  return Prisma.sql`${Prisma.raw(channelAccountColumn)} || ':' || ${customerId}`;
}
