// PATCH /api/channels/:channelId – rename, enable/disable, route to a team, rotate secrets (admins)
import { updateChannelAccount, updateChannelAccountSchema } from "@/server/channels/accounts/manage-channel-accounts";
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";

export const PATCH = withUser("channels.manage", async (req, context) => {
  const input = await readJson(req, updateChannelAccountSchema, context.bodyLimitBytes);
  return Response.json({
    channel: await updateChannelAccount(context.user, param(context, "channelId"), input, context.ip),
  });
});
