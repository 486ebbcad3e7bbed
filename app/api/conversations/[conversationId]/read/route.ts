// POST /api/conversations/:id/read – the assignee has read it; the unread badge clears
import { markConversationRead } from "@/server/conversations/update-conversation";
import { param, withUser } from "@/server/http/route";

export const POST = withUser("console.use", async (_req, context) => {
  await markConversationRead(context.user, param(context, "conversationId"));
  return new Response(null, { status: 204 });
});
