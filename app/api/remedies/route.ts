// POST /api/remedies {kind, reason, anomalyId?, orderNo?, conversationId?, amountFen? | couponStockId?}
//   – a refund, reship or coupon: given within the user's caps (201), else a request for approval (202)
// GET /api/remedies?status=PENDING|APPROVED|DECLINED – the approval list (supervisors, admins)
import { readJson } from "@/server/http/read-json";
import { withUser } from "@/server/http/route";
import { giveRemedy, giveRemedySchema } from "@/server/remedies/give-remedy";
import { listRemedies, listRemediesSchema } from "@/server/remedies/list-remedies";

export const POST = withUser("console.use", async (req, context) => {
  const input = await readJson(req, giveRemedySchema, context.bodyLimitBytes);
  const decision = await giveRemedy(context.user, input, context.ip);
  return Response.json(decision, { status: decision.state === "given" ? 201 : 202 });
});

export const GET = withUser("remedies.approve", async (req) => {
  const input = listRemediesSchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ remedies: await listRemedies(input) });
});
