// POST /api/v1/orders – a new order, idempotent on orderNo: 201 when created, 200 for the same order
// again, 409 for another order under a known orderNo (API key with orders:write)
import { createOrder, createOrderSchema } from "@/server/commerce/orders/create-order";
import { readJson } from "@/server/http/read-json";
import { withApiKey } from "@/server/http/route";

export const POST = withApiKey("orders:write", async (req, { caller, ip, bodyLimitBytes }) => {
  const input = await readJson(req, createOrderSchema, bodyLimitBytes);
  const { order, created } = await createOrder(caller, input, ip);
  return Response.json({ order }, { status: created ? 201 : 200 });
});
