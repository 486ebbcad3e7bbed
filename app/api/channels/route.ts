// GET /api/channels – connected WeChat accounts, without their secrets (supervisors, admins)
// POST /api/channels – connect a WeCom kf corp, an Official Account or a mini program (admins)
import {
  createChannelAccount,
  createChannelAccountSchema,
  listChannelAccounts,
} from "@/server/channels/accounts/manage-channel-accounts";
import { readJson } from "@/server/http/read-json";
import { withUser } from "@/server/http/route";

export const GET = withUser("settings.view", async () => Response.json({ channels: await listChannelAccounts() }));

export const POST = withUser("channels.manage", async (req, { user, ip, bodyLimitBytes }) => {
  const input = await readJson(req, createChannelAccountSchema, bodyLimitBytes);
  return Response.json({ channel: await createChannelAccount(user, input, ip) }, { status: 201 });
});
