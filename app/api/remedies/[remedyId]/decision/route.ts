// POST /api/remedies/:id/decision {approve, note?} – approve or decline a remedy over its giver's caps
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";
import { decideRemedy, remedyDecisionSchema } from "@/server/remedies/decide-remedy";

export const POST = withUser("remedies.approve", async (req, context) => {
  const input = await readJson(req, remedyDecisionSchema, context.bodyLimitBytes);
  return Response.json(await decideRemedy(context.user, param(context, "remedyId"), input, context.ip));
});
