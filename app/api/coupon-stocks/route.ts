// GET /api/coupon-stocks – the cash-coupon stocks agents may issue (console users: the active ones)
// POST /api/coupon-stocks {stockId, name, creatorMchId, mchId, appId, amountFen, minimumFen} – add one (admins)
import { can } from "@/server/auth/permissions";
import { readJson } from "@/server/http/read-json";
import { withUser } from "@/server/http/route";
import { addCouponStock, couponStockInputSchema, listCouponStocks } from "@/server/remedies/coupons/coupon-stocks";

export const GET = withUser("console.use", async (_req, { user }) =>
  Response.json({ stocks: await listCouponStocks({ activeOnly: !can(user.role, "coupon_stocks.manage") }) }),
);

export const POST = withUser("coupon_stocks.manage", async (req, context) => {
  const input = await readJson(req, couponStockInputSchema, context.bodyLimitBytes);
  return Response.json({ stock: await addCouponStock(context.user, input, context.ip) }, { status: 201 });
});
