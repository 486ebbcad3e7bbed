// GET /api/api-keys – the open API's keys, without the keys themselves (admins)
// POST /api/api-keys – create one; the answer carries the key, shown this once (admins)
import { createApiKey, createApiKeySchema, listApiKeys } from "@/server/api-keys/api-keys";
import { readJson } from "@/server/http/read-json";
import { withUser } from "@/server/http/route";

export const GET = withUser("api_keys.manage", async () => Response.json({ apiKeys: await listApiKeys() }));

export const POST = withUser("api_keys.manage", async (req, { user, ip, bodyLimitBytes }) => {
  const input = await readJson(req, createApiKeySchema, bodyLimitBytes);
  return Response.json(await createApiKey(user, input, ip), { status: 201 });
});
