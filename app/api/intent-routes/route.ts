// GET /api/intent-routes – the intents, and which team takes each one's conversations
// PUT /api/intent-routes {routes: {INTENT: teamId | null}} – replace them (supervisors, admins)
import { INTENTS } from "@/server/ai/triage/intent-model";
import { readJson } from "@/server/http/read-json";
import { withUser } from "@/server/http/route";
import { intentRoutesSchema, listIntentRoutes, setIntentRoutes } from "@/server/routing/intent-routes";

export const GET = withUser("settings.view", async () =>
  Response.json({ intents: INTENTS, routes: await listIntentRoutes() }),
);

export const PUT = withUser("teams.manage", async (req, context) => {
  const input = await readJson(req, intentRoutesSchema, context.bodyLimitBytes);
  return Response.json({ routes: await setIntentRoutes(context.user, input, context.ip) });
});
