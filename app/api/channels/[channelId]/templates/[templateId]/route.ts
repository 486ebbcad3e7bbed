// DELETE /api/channels/:channelId/templates/:templateId – stop offering a template (admins)
import { deleteMessageTemplate } from "@/server/channels/templates/message-templates";
import { param, withUser } from "@/server/http/route";

export const DELETE = withUser("channels.manage", async (_req, context) => {
  await deleteMessageTemplate(context.user, param(context, "channelId"), param(context, "templateId"), context.ip);
  return new Response(null, { status: 204 });
});
