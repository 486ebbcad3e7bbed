// PATCH /api/users/:userId – change name, role, capacity, skills, teams or disable a user
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";
import { updateUser, updateUserSchema } from "@/server/users/update-user";

export const PATCH = withUser("users.manage", async (req, context) => {
  const input = await readJson(req, updateUserSchema, context.bodyLimitBytes);
  return Response.json({ user: await updateUser(context.user, param(context, "userId"), input, context.ip) });
});
