// POST /api/v1/orders/:orderNo/shipments – a parcel the brand's ERP shipped: {carrier, trackingNo}
// (orders:write); 201 when new, 200 when reported before, 409 when the number is on another order
import { addShipment, addShipmentSchema } from "@/server/commerce/orders/add-shipment";
import { readJson } from "@/server/http/read-json";
import { param, withApiKey } from "@/server/http/route";

export const POST = withApiKey("orders:write", async (req, context) => {
  const input = await readJson(req, addShipmentSchema, context.bodyLimitBytes);
  const { order, created } = await addShipment(context.caller, param(context, "orderNo"), input, context.ip);
  return Response.json({ order }, { status: created ? 201 : 200 });
});
