// GET /api/auth/session – who is signed in
import { withUser } from "@/server/http/route";

export const GET = withUser("console.use", async (_req, { user }) =>
  Response.json({ user: { id: user.id, email: user.email, name: user.name, role: user.role, teamIds: user.teamIds } }),
);
