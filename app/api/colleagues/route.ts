// GET /api/colleagues – names, roles, presence and teams of active users (for every console user)
import { withUser } from "@/server/http/route";
import { listColleagues } from "@/server/users/list-colleagues";

export const GET = withUser("console.use", async () => Response.json({ colleagues: await listColleagues() }));
