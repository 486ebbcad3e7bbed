// POST /api/conversations/:id/claim – "assign to me"; 409 ALREADY_ASSIGNED if someone was faster
import { getConversation } from "@/server/conversations/get-conversation";
import { param, withUser } from "@/server/http/route";
import { claimConversation } from "@/server/routing/claim-conversation";

export const POST = withUser("console.use", async (_req, context) => {
  const conversationId = param(context, "conversationId");
  await claimConversation(context.user, conversationId);
  return Response.json(await getConversation(context.user, conversationId));
});
