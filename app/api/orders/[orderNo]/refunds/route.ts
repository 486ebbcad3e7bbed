// POST /api/orders/:orderNo/refunds {amountFen, reason} – refund within the user's limit, or ask a supervisor
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";
import { refundInputSchema, requestRefund } from "@/server/payments/refunds/request-refund";

export const POST = withUser("console.use", async (req, context) => {
  const input = await readJson(req, refundInputSchema, context.bodyLimitBytes);
  const decision = await requestRefund(context.user, param(context, "orderNo"), input, context.ip);
  return Response.json(decision, { status: decision.state === "submitted" ? 201 : 202 });
});
