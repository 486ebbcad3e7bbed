// POST /api/knowledge-articles/:id/variants {variant} – one more way to ask (a missed question, in one click)
import { addVariant, addVariantSchema } from "@/server/ai/knowledge/knowledge-articles";
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";

export const POST = withUser("knowledge.manage", async (req, context) => {
  const { variant } = await readJson(req, addVariantSchema, context.bodyLimitBytes);
  return Response.json({ article: await addVariant(context.user, param(context, "articleId"), variant, context.ip) });
});
