// PATCH /api/knowledge-articles/:id {question?, variants?, answer?, tags?, enabled?} – edit an article
// DELETE /api/knowledge-articles/:id – remove it
import { articleUpdateSchema, deleteArticle, updateArticle } from "@/server/ai/knowledge/knowledge-articles";
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";

export const PATCH = withUser("knowledge.manage", async (req, context) => {
  const input = await readJson(req, articleUpdateSchema, context.bodyLimitBytes);
  return Response.json({ article: await updateArticle(context.user, param(context, "articleId"), input, context.ip) });
});

export const DELETE = withUser("knowledge.manage", async (_req, context) => {
  await deleteArticle(context.user, param(context, "articleId"), context.ip);
  return new Response(null, { status: 204 });
});
