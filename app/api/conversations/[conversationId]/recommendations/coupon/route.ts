// POST /api/conversations/:id/recommendations/coupon {couponStockId, reason} – a recommended coupon, given as a
//   remedy: within the user's caps (201), else a request for approval (202)
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";
import { giveRecommendedCoupon, recommendedCouponSchema } from "@/server/recommendations/give-recommendation";

export const POST = withUser("console.use", async (req, context) => {
  const input = await readJson(req, recommendedCouponSchema, context.bodyLimitBytes);
  const decision = await giveRecommendedCoupon(context.user, param(context, "conversationId"), input, context.ip);
  return Response.json(decision, { status: decision.state === "given" ? 201 : 202 });
});
