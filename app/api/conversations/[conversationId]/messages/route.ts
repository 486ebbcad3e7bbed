// GET /api/conversations/:id/messages – a page of messages (older pages with ?before=)
// POST /api/conversations/:id/messages – an agent's reply, checked against the channel's window

import { listMessages, listMessagesSchema } from "@/server/conversations/list-messages";
import { sendAgentReply, sendReplySchema } from "@/server/conversations/send-agent-reply";
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";

export const GET = withUser("console.use", async (req, context) => {
  const input = listMessagesSchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listMessages(context.user, param(context, "conversationId"), input));
});

export const POST = withUser("console.use", async (req, context) => {
  const input = await readJson(req, sendReplySchema, context.bodyLimitBytes);
  const message = await sendAgentReply(context.user, param(context, "conversationId"), input);
  return Response.json({ message }, { status: 201 });
});
