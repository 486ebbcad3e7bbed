// GET /api/conversations/:id/templates – the channel's template messages, filled in for this customer
// POST /api/conversations/:id/templates – send one (outside the customer-service window)
import {
  listConversationTemplates,
  sendTemplateMessage,
  sendTemplateSchema,
} from "@/server/conversations/send-template-message";
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";

export const GET = withUser("console.use", async (_req, context) =>
  Response.json({ templates: await listConversationTemplates(context.user, param(context, "conversationId")) }),
);

export const POST = withUser("console.use", async (req, context) => {
  const input = await readJson(req, sendTemplateSchema, context.bodyLimitBytes);
  const message = await sendTemplateMessage(context.user, param(context, "conversationId"), input);
  return Response.json({ message }, { status: 201 });
});
