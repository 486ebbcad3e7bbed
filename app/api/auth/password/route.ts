// POST /api/auth/password – change my password; every other session of mine ends
import { changePassword, changePasswordSchema } from "@/server/auth/change-password";
import { readJson } from "@/server/http/read-json";
import { withUser } from "@/server/http/route";

export const POST = withUser("console.use", async (req, { user, ip, bodyLimitBytes }) => {
  const input = await readJson(req, changePasswordSchema, bodyLimitBytes);
  return Response.json(await changePassword(user, input, ip));
});
