// GET /api/knowledge-articles – the bot's knowledge base (supervisors, admins)
// POST /api/knowledge-articles {question, variants, answer, tags, enabled} – add an article
import { articleInputSchema, createArticle, listArticles } from "@/server/ai/knowledge/knowledge-articles";
import { readJson } from "@/server/http/read-json";
import { withUser } from "@/server/http/route";

export const GET = withUser("knowledge.manage", async () => Response.json({ articles: await listArticles() }));

export const POST = withUser("knowledge.manage", async (req, context) => {
  const input = await readJson(req, articleInputSchema, context.bodyLimitBytes);
  return Response.json({ article: await createArticle(context.user, input, context.ip) }, { status: 201 });
});
