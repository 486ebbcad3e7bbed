// GET /api/v1/orders?customerId=&status=&updatedSince=&after=&limit= – by last change, keyset pages (orders:read)
// POST /api/v1/orders – a new order, idempotent on orderNo: 201 when created, 200 for the same order
// again, 409 for another order under a known orderNo (API key with orders:write)
import { createOrder, createOrderSchema } from "@/server/commerce/orders/create-order";
import { listOrders, listOrdersSchema } from "@/server/commerce/orders/list-orders";
import { readJson } from "@/server/http/read-json";
import { withApiKey } from "@/server/http/route";

export const POST = withApiKey("orders:write", async (req, { caller, ip, bodyLimitBytes }) => {
  const input = await readJson(req, createOrderSchema, bodyLimitBytes);
  const { order, created } = await createOrder(caller, input, ip);
  return Response.json({ order }, { status: created ? 201 : 200 });
});

export const GET = withApiKey("orders:read", async (req) => {
  const input = listOrdersSchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listOrders(input));
});
