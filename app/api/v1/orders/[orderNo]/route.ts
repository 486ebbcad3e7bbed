// GET /api/v1/orders/:orderNo – the order with its payments, refunds and parcels (orders:read)
import { getOrder } from "@/server/commerce/orders/create-order";
import { param, withApiKey } from "@/server/http/route";

export const GET = withApiKey("orders:read", async (_req, context) =>
  Response.json({ order: await getOrder(param(context, "orderNo")) }),
);
