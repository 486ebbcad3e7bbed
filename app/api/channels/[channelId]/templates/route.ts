// GET /api/channels/:channelId/templates – the channel's template / subscription messages (supervisors, admins)
// POST /api/channels/:channelId/templates – set one up (admins)
import {
  createMessageTemplate,
  createMessageTemplateSchema,
  listMessageTemplates,
} from "@/server/channels/templates/message-templates";
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";

export const GET = withUser("settings.view", async (_req, context) =>
  Response.json({ templates: await listMessageTemplates(param(context, "channelId")) }),
);

export const POST = withUser("channels.manage", async (req, context) => {
  const input = await readJson(req, createMessageTemplateSchema, context.bodyLimitBytes);
  const template = await createMessageTemplate(context.user, param(context, "channelId"), input, context.ip);
  return Response.json({ template }, { status: 201 });
});
