// POST /api/conversations/:id/reopen – a resolved conversation comes back to the agent
import { getConversation } from "@/server/conversations/get-conversation";
import { param, withUser } from "@/server/http/route";
import { reopenConversation } from "@/server/routing/reopen-conversation";

export const POST = withUser("console.use", async (_req, context) => {
  const conversationId = param(context, "conversationId");
  await reopenConversation(context.user, conversationId);
  return Response.json(await getConversation(context.user, conversationId));
});
