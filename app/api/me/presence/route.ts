// PUT /api/me/presence – set my presence (online, busy, away); offline follows my open tabs
import { z } from "zod";
import { readJson } from "@/server/http/read-json";
import { withUser } from "@/server/http/route";
import { setPresence } from "@/server/users/set-presence";

const presenceSchema = z.object({ presence: z.enum(["ONLINE", "BUSY", "AWAY"]) });

export const PUT = withUser("console.use", async (req, { user, bodyLimitBytes }) => {
  const { presence } = await readJson(req, presenceSchema, bodyLimitBytes);
  await setPresence(user.id, presence);
  return Response.json({ presence });
});
