// GET /api/teams – every team (agents need them to transfer conversations)
// POST /api/teams – create a team (supervisors, admins)
import { readJson } from "@/server/http/read-json";
import { withUser } from "@/server/http/route";
import { createTeam, createTeamSchema } from "@/server/teams/create-team";
import { listTeams } from "@/server/teams/list-teams";

export const GET = withUser("console.use", async () => Response.json({ teams: await listTeams() }));

export const POST = withUser("teams.manage", async (req, { user, ip, bodyLimitBytes }) => {
  const input = await readJson(req, createTeamSchema, bodyLimitBytes);
  return Response.json({ team: await createTeam(user, input, ip) }, { status: 201 });
});
