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

/**
 * The newest messages are walked first (a few milliseconds): a common word fills a page of results
 * there. A rarer one is then read from the GIN index, all matches, sorted by time. PostgreSQL's own
 * row estimates for text search are too rough to choose between the two (a rare order number was
 * planned as a 2-second walk over every message), so the choice is made here.
 */
const RECENT_WINDOW = 5000;

const HIT_COLUMNS = `m.id AS "messageId", m."conversationId", m.text, m."sentAt", m."senderKind",
  cu.id AS "customerId", cu.name AS "customerName", ch.kind AS "channelKind", c.status`;
const HIT_JOINS = `JOIN "Conversation" c ON c.id = m."conversationId"
  JOIN "Customer" cu ON cu.id = c."customerId"
  JOIN "ChannelAccount" ch ON ch.id = c."channelAccountId"`;

async function searchMessages(user: SessionUser, words: string[], limit: number): Promise<MessageHit[]> {
  if (words.length === 0) return [];
  // Each word quoted as one lexeme (tokenize.ts strips quotes and operators), all required.
  const query = words.map((word) => `'${word}'`).join(" & ");
  return getDatabase().transaction(async (tx) => {
    const recentParams: unknown[] = [query, limit];
    const recent = await tx.query<MessageHit>(
      `SELECT ${HIT_COLUMNS}
       FROM (SELECT * FROM "Message" ORDER BY "sentAt" DESC LIMIT ${RECENT_WINDOW}) m ${HIT_JOINS}
       WHERE m."searchVector" @@ to_tsquery('simple', $1) AND ${visibility(user, recentParams)}
       ORDER BY m."sentAt" DESC LIMIT $2`,
      recentParams,
    );
    if (recent.rows.length === limit) return recent.rows;
    await tx.query("SET LOCAL enable_seqscan = off");
    await tx.query("SET LOCAL enable_indexscan = off");
    const params: unknown[] = [query, limit];
    const { rows } = await tx.query<MessageHit>(
      `SELECT ${HIT_COLUMNS} FROM "Message" m ${HIT_JOINS}
       WHERE m."searchVector" @@ to_tsquery('simple', $1) AND ${visibility(user, params)}
       ORDER BY m."sentAt" DESC LIMIT $2`,
      params,
    );
    return rows;
  });
}

async function searchCustomers(user: SessionUser, query: string, limit: number): Promise<CustomerHit[]> {
  const pattern = `%${query.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  const params: unknown[] = [pattern];
  // Matches first (materialized, so the per-row visibility lookup below cannot be pushed into
  // the scan of every customer), then each one's latest conversation this user may see.
  const { rows } = await getDatabase().sql.query<CustomerHit & { conversationId: string | null }>(
    `WITH matched AS MATERIALIZED (
       SELECT cu.id, cu.name, cu."avatarUrl", cu."lastSeenAt" FROM "Customer" cu
       WHERE cu."mergedIntoId" IS NULL
         AND cu.id IN (SELECT id FROM "Customer" WHERE name ILIKE $1
                       UNION SELECT "customerId" FROM "CustomerIdentity" WHERE nickname ILIKE $1)
       ORDER BY cu."lastSeenAt" DESC NULLS LAST
       LIMIT 50
     )
     SELECT m.*, (SELECT c.id FROM "Conversation" c WHERE c."customerId" = m.id AND ${visibility(user, params)}
                  ORDER BY c."lastActivityAt" DESC LIMIT 1) AS "conversationId"
     FROM matched m
     ORDER BY m."lastSeenAt" DESC NULLS LAST`,
    params,
  );
  return rows.filter((row): row is CustomerHit => row.conversationId !== null).slice(0, limit);
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
