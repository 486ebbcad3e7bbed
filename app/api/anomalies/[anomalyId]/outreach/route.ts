// POST /api/anomalies/:id/outreach {clientMsgId?} – the type's outreach text to the customer, through
// the open window or the channel's outreach template (console users who can see the anomaly)
import { reachOut, reachOutSchema } from "@/server/anomalies/outreach/reach-out";
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";

export const POST = withUser("console.use", async (req, context) => {
  const input = await readJson(req, reachOutSchema, context.bodyLimitBytes);
  return Response.json(await reachOut(context.user, param(context, "anomalyId"), input, context.ip));
});
