// PATCH /api/coupon-stocks/:id {active} – switch a stock on or off for agents (admins)
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";
import { couponStockUpdateSchema, updateCouponStock } from "@/server/remedies/coupons/coupon-stocks";

export const PATCH = withUser("coupon_stocks.manage", async (req, context) => {
  const input = await readJson(req, couponStockUpdateSchema, context.bodyLimitBytes);
  await updateCouponStock(context.user, param(context, "stockId"), input, context.ip);
  return new Response(null, { status: 204 });
});
