// GET /api/knowledge-questions – what customers asked the bot in the last 30 days: answered and missed, with counts
import { botQuestions } from "@/server/ai/knowledge/bot-questions";
import { withUser } from "@/server/http/route";

export const GET = withUser("knowledge.manage", async () => Response.json(await botQuestions()));
