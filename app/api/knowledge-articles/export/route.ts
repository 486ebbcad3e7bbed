// GET /api/knowledge-articles/export?format=csv|jsonl – the whole knowledge base as a file
import { z } from "zod";
import { exportArticles, FORMATS } from "@/server/ai/knowledge/knowledge-transfer";
import { withUser } from "@/server/http/route";

const formatSchema = z.enum(FORMATS).default("jsonl");

export const GET = withUser("knowledge.manage", async (req) => {
  const format = formatSchema.parse(new URL(req.url).searchParams.get("format") ?? undefined);
  return new Response(await exportArticles(format), {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="knowledge.${format}"`,
    },
  });
});
