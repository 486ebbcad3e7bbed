// GET /api/conversations/:id/copilot – suggested replies (knowledge base, the customer's order) and a summary of a long conversation
import { copilotFor } from "@/server/ai/copilot/copilot";
import { param, withUser } from "@/server/http/route";

export const GET = withUser("console.use", async (_req, context) =>
  Response.json(await copilotFor(context.user, param(context, "conversationId"))),
);
