// POST /api/conversations/:id/transfer – to an agent or a team's queue, with a note
import { getConversation } from "@/server/conversations/get-conversation";
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";
import { transferConversation, transferSchema } from "@/server/routing/transfer-conversation";

export const POST = withUser("console.use", async (req, context) => {
  const input = await readJson(req, transferSchema, context.bodyLimitBytes);
  const conversationId = param(context, "conversationId");
  await transferConversation(context.user, conversationId, input);
  // After a transfer into a private team the sender may no longer see it: that is an answer too.
  const row = await getConversation(context.user, conversationId).catch(() => null);
  return Response.json({ conversation: row });
});
