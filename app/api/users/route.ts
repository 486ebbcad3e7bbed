// GET /api/users – the team roster with live presence (supervisors, admins)
// POST /api/users – create a user (supervisors create agents; admins any role)
import { readJson } from "@/server/http/read-json";
import { withUser } from "@/server/http/route";
import { createUser, createUserSchema } from "@/server/users/create-user";
import { listUsers } from "@/server/users/list-users";

export const GET = withUser("users.view", async () => Response.json({ users: await listUsers() }));

export const POST = withUser("users.manage", async (req, { user, ip, bodyLimitBytes }) => {
  const input = await readJson(req, createUserSchema, bodyLimitBytes);
  return Response.json({ user: await createUser(user, input, ip) }, { status: 201 });
});
