// POST /api/conversations/:id/reopen – a resolved conversation comes back to the agent
import { getConversation } from "@/server/conversations/get-conversation";
import { reopenConversation } from "@/server/conversations/reopen-conversation";
import { param, withUser } from "@/server/http/route";

export const POST = withUser("console.use", async (_req, context) => {
  const conversationId = param(context, "conversationId");
  await reopenConversation(context.user, conversationId);
  return Response.json(await getConversation(context.user, conversationId));
});
