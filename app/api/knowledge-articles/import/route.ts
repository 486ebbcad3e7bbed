// POST /api/knowledge-articles/import {format: "csv"|"jsonl", content} – all or nothing; a line whose id
// exists updates that article
import { importArticles, importSchema } from "@/server/ai/knowledge/knowledge-transfer";
import { readJson } from "@/server/http/read-json";
import { withUser } from "@/server/http/route";

/** A knowledge base of a couple of thousand articles. */
const IMPORT_LIMIT_BYTES = 5 * 1024 * 1024;

export const POST = withUser("knowledge.manage", async (req, context) => {
  const input = await readJson(req, importSchema, IMPORT_LIMIT_BYTES);
  return Response.json(await importArticles(context.user, input, context.ip));
});
