// POST /api/conversations/:id/resolve – with an optional closing message to the customer
import { getConversation } from "@/server/conversations/get-conversation";
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";
import { resolveConversation, resolveSchema } from "@/server/routing/resolve-conversation";

export const POST = withUser("console.use", async (req, context) => {
  const input = await readJson(req, resolveSchema, context.bodyLimitBytes);
  const conversationId = param(context, "conversationId");
  await resolveConversation(context.user, conversationId, input);
  return Response.json(await getConversation(context.user, conversationId));
});
