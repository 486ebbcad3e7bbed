// GET /api/v1/orders/:orderNo – the order with its payments, refunds and parcels (orders:read)
import { getOrder } from "@/server/commerce/orders/get-order";
import { updateOrder, updateOrderSchema } from "@/server/commerce/orders/update-order";
import { readJson } from "@/server/http/read-json";
import { param, withApiKey } from "@/server/http/route";

export const GET = withApiKey("orders:read", async (_req, context) =>
  Response.json({ order: await getOrder(param(context, "orderNo")) }),
);

// PATCH /api/v1/orders/:orderNo – cancel an unpaid order, or change its receiver before it ships (orders:write)
export const PATCH = withApiKey("orders:write", async (req, context) => {
  const input = await readJson(req, updateOrderSchema, context.bodyLimitBytes);
  return Response.json({ order: await updateOrder(context.caller, param(context, "orderNo"), input, context.ip) });
});
