// GET /api/conversations/:id/bot-runs – what the bot decided in this conversation and why (newest first)
import { listBotRuns } from "@/server/ai/bot/bot-runs";
import { param, withUser } from "@/server/http/route";

export const GET = withUser("console.use", async (_req, context) =>
  Response.json({ runs: await listBotRuns(context.user, param(context, "conversationId")) }),
);
