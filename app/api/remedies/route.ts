// POST /api/remedies {kind, reason, anomalyId?, orderNo?, conversationId?, amountFen? | couponStockId?}
//   – a refund, reship or coupon: given within the user's caps (201), else a request for approval (202)
// GET /api/remedies?status=PENDING – the approval list (supervisors, admins)
// GET /api/remedies?customerId=…|anomalyId=… – one customer's or anomaly's remedies
import { readJson } from "@/server/http/read-json";
import { withUser } from "@/server/http/route";
import { giveRemedy, giveRemedySchema } from "@/server/remedies/give-remedy";
import { listRemedies, listRemediesSchema } from "@/server/remedies/list-remedies";

export const POST = withUser("console.use", async (req, context) => {
  const input = await readJson(req, giveRemedySchema, context.bodyLimitBytes);
  const decision = await giveRemedy(context.user, input, context.ip);
  return Response.json(decision, { status: decision.state === "given" ? 201 : 202 });
});

export const GET = withUser("console.use", async (req, { user }) => {
  const input = listRemediesSchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ remedies: await listRemedies(user, input) });
});
