// Full-text search over messages (jieba words in a GIN-indexed tsvector) and customers (name or
// nickname), newest first, limited to conversations this user may see: a private team's messages
// never appear for outsiders.
import { z } from "zod";
import { can } from "../auth/permissions";
import type { SessionUser } from "../auth/sessions";
import { getDatabase } from "../db/db";
import type { ChannelKind, ConversationStatus, SenderKind } from "../generated/prisma/enums";
import { queryWords } from "./tokenize";

export const searchSchema = z.object({
  q: z.string().trim().min(1).max(100),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchInput = z.infer<typeof searchSchema>;

export type MessageHit = {
  messageId: string;
  conversationId: string;
  text: string | null;
  sentAt: Date;
  senderKind: SenderKind;
  customerId: string;
  customerName: string;
  channelKind: ChannelKind;
  status: ConversationStatus;
};
export type CustomerHit = {
  id: string;
  name: string;
  avatarUrl: string | null;
  lastSeenAt: Date | null;
  /** Their latest conversation this user may see. */
  conversationId: string;
};

/** SQL for "this user may see conversation c" (mirrors visible-conversations-filter.ts). */
function visibility(user: SessionUser, params: unknown[]): string {
  if (can(user.role, "conversations.view_private")) return "TRUE";
  params.push(user.teamIds, user.id);
  const teams = `$${params.length - 1}`;
  const me = `$${params.length}`;
  return `(c."teamId" IS NULL OR c."assigneeId" = ${me} OR c."teamId" = ANY(${teams}::text[])
           OR NOT coalesce((SELECT t."isPrivate" FROM "Team" t WHERE t.id = c."teamId"), false))`;
}

async function searchMessages(user: SessionUser, words: string[], limit: number): Promise<MessageHit[]> {
  if (words.length === 0) return [];
  // Each word quoted as one lexeme (tokenize.ts strips quotes and operators), all required.
  const params: unknown[] = [words.map((word) => `'${word}'`).join(" & "), limit];
  const { rows } = await getDatabase().sql.query<MessageHit>(
    `SELECT m.id AS "messageId", m."conversationId", m.text, m."sentAt", m."senderKind",
            cu.id AS "customerId", cu.name AS "customerName", ch.kind AS "channelKind", c.status
     FROM "Message" m
     JOIN "Conversation" c ON c.id = m."conversationId"
     JOIN "Customer" cu ON cu.id = c."customerId"
     JOIN "ChannelAccount" ch ON ch.id = c."channelAccountId"
     WHERE m."searchVector" @@ to_tsquery('simple', $1) AND ${visibility(user, params)}
     ORDER BY m."sentAt" DESC
     LIMIT $2`,
    params,
  );
  return rows;
}

async function searchCustomers(user: SessionUser, query: string, limit: number): Promise<CustomerHit[]> {
  const pattern = `%${query.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  const params: unknown[] = [pattern, limit];
  const { rows } = await getDatabase().sql.query<CustomerHit>(
    `SELECT * FROM (
       SELECT cu.id, cu.name, cu."avatarUrl", cu."lastSeenAt",
         (SELECT c.id FROM "Conversation" c WHERE c."customerId" = cu.id AND ${visibility(user, params)}
          ORDER BY c."lastActivityAt" DESC LIMIT 1) AS "conversationId"
       FROM "Customer" cu
       WHERE cu."mergedIntoId" IS NULL
         AND (cu.name ILIKE $1 OR EXISTS (
           SELECT 1 FROM "CustomerIdentity" i WHERE i."customerId" = cu.id AND i.nickname ILIKE $1))
     ) hits
     WHERE "conversationId" IS NOT NULL
     ORDER BY "lastSeenAt" DESC NULLS LAST
     LIMIT $2`,
    params,
  );
  return rows;
}

export async function search(user: SessionUser, input: SearchInput) {
  const [messages, customers] = await Promise.all([
    searchMessages(user, queryWords(input.q), input.limit),
    searchCustomers(user, input.q, Math.min(input.limit, 10)),
  ]);
  return {
    messages: messages.map((hit) => ({ ...hit, sentAt: hit.sentAt.toISOString() })),
    customers: customers.map((hit) => ({ ...hit, lastSeenAt: hit.lastSeenAt?.toISOString() ?? null })),
  };
}

export type SearchResult = Awaited<ReturnType<typeof search>>;
