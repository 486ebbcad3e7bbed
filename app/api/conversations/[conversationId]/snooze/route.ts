// POST /api/conversations/:id/snooze – set aside until a time (1 minute to 30 days ahead)
import { getConversation } from "@/server/conversations/get-conversation";
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";
import { snoozeConversation, snoozeSchema } from "@/server/routing/snooze-conversation";

export const POST = withUser("console.use", async (req, context) => {
  const input = await readJson(req, snoozeSchema, context.bodyLimitBytes);
  const conversationId = param(context, "conversationId");
  await snoozeConversation(context.user, conversationId, input);
  return Response.json(await getConversation(context.user, conversationId));
});
