// The knowledge base the bot answers from (Settings → 知识库): each article a question, the other
// ways customers ask it, the answer, tags and a switch. Supervisors and admins edit it; every change
// is audited and makes the bot's index reload (knowledge-index.ts).
import { z } from "zod";
import { recordAudit } from "../../audit/record-audit";
import type { SessionUser } from "../../auth/sessions";
import { db } from "../../db/db";
import { AppError, localized } from "../../errors";
import type { Prisma } from "../../generated/prisma/client";

const line = (max: number) => z.string().trim().min(1).max(max);

/** An article id given by an import (kept, so a re-import updates rather than duplicates). */
export const articleIdSchema = z.string().regex(/^[\w-]{1,64}$/, "id: letters, digits, - and _");

export const articleInputSchema = z.object({
  question: line(200),
  variants: z
    .array(z.string().trim().max(200))
    .max(100)
    .default([])
    .transform((variants) => [...new Set(variants.filter(Boolean))]),
  answer: line(2000),
  tags: z
    .array(z.string().trim().max(20))
    .max(10)
    .default([])
    .transform((tags) => [...new Set(tags.filter(Boolean))]),
  enabled: z.boolean().default(true),
});
export type ArticleInput = z.infer<typeof articleInputSchema>;

export const articleUpdateSchema = articleInputSchema.partial();

/** One more way of asking an article's question (a missed question turned into a variant). */
export const addVariantSchema = z.object({ variant: line(200) });

const articleSelect = {
  id: true,
  question: true,
  variants: true,
  answer: true,
  tags: true,
  enabled: true,
  updatedAt: true,
} as const satisfies Prisma.KnowledgeArticleSelect;

type ArticleRow = Prisma.KnowledgeArticleGetPayload<{ select: typeof articleSelect }>;
const toDto = ({ updatedAt, ...article }: ArticleRow) => ({ ...article, updatedAt: updatedAt.toISOString() });
export type KnowledgeArticleDto = ReturnType<typeof toDto>;

export async function listArticles(): Promise<KnowledgeArticleDto[]> {
  const rows = await db().knowledgeArticle.findMany({
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: articleSelect,
  });
  return rows.map(toDto);
}

async function audited<T extends { id: string }>(
  user: SessionUser,
  action: string,
  ip: string | null,
  change: (tx: Prisma.TransactionClient) => Promise<T>,
  details?: Prisma.InputJsonValue,
): Promise<T> {
  const result = await db().$transaction(async (tx) => {
    const changed = await change(tx);
    await recordAudit(
      { action, actorId: user.id, subjectType: "knowledge_article", subjectId: changed.id, ip, details },
      tx,
    );
    return changed;
  });
  return result;
}

export async function createArticle(user: SessionUser, input: ArticleInput, ip: string | null) {
  const row = await audited(user, "knowledge.article_created", ip, (tx) =>
    tx.knowledgeArticle.create({ data: input, select: articleSelect }),
  );
  return toDto(row);
}

async function existing(tx: Prisma.TransactionClient, id: string) {
  const found = await tx.knowledgeArticle.findUnique({ where: { id }, select: articleSelect });
  if (!found) throw new AppError("NOT_FOUND", localized("error.notFound"));
  return found;
}

export async function updateArticle(
  user: SessionUser,
  id: string,
  input: z.infer<typeof articleUpdateSchema>,
  ip: string | null,
) {
  const row = await audited(
    user,
    "knowledge.article_updated",
    ip,
    async (tx) => {
      await existing(tx, id);
      return tx.knowledgeArticle.update({ where: { id }, data: input, select: articleSelect });
    },
    { fields: Object.keys(input) },
  );
  return toDto(row);
}

export async function addVariant(user: SessionUser, id: string, variant: string, ip: string | null) {
  const row = await audited(
    user,
    "knowledge.variant_added",
    ip,
    async (tx) => {
      const article = await existing(tx, id);
      if (article.question === variant || article.variants.includes(variant)) return article;
      return tx.knowledgeArticle.update({
        where: { id },
        data: { variants: { push: variant } },
        select: articleSelect,
      });
    },
    { variant },
  );
  return toDto(row);
}

export async function deleteArticle(user: SessionUser, id: string, ip: string | null): Promise<void> {
  await audited(user, "knowledge.article_deleted", ip, async (tx) => {
    const article = await existing(tx, id);
    await tx.knowledgeArticle.delete({ where: { id } });
    return article;
  });
}
