// GET /api/conversations/:id – one conversation's inbox row
// PATCH /api/conversations/:id – priority and tags
import { getConversation } from "@/server/conversations/get-conversation";
import { updateConversation, updateConversationSchema } from "@/server/conversations/update-conversation";
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";

export const GET = withUser("console.use", async (_req, context) =>
  Response.json(await getConversation(context.user, param(context, "conversationId"))),
);

export const PATCH = withUser("console.use", async (req, context) => {
  const input = await readJson(req, updateConversationSchema, context.bodyLimitBytes);
  const conversationId = param(context, "conversationId");
  await updateConversation(context.user, conversationId, input);
  return Response.json(await getConversation(context.user, conversationId));
});
