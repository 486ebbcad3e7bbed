// POST /api/refund-requests/:id/decision {approve, note?} – approve or decline, once (supervisors, admins)
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";
import { decideRefundRequest, refundDecisionSchema } from "@/server/payments/refunds/decide-refund-request";

export const POST = withUser("refunds.approve", async (req, context) => {
  const input = await readJson(req, refundDecisionSchema, context.bodyLimitBytes);
  return Response.json(await decideRefundRequest(context.user, param(context, "requestId"), input, context.ip));
});
