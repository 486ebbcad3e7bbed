// DELETE /api/api-keys/:id – revoke a key: it stops working at once (admins)
import { revokeApiKey } from "@/server/api-keys/api-keys";
import { param, withUser } from "@/server/http/route";

export const DELETE = withUser("api_keys.manage", async (_req, context) => {
  await revokeApiKey(context.user, param(context, "keyId"), context.ip);
  return new Response(null, { status: 204 });
});
