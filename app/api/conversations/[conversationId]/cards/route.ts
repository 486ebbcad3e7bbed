// POST /api/conversations/:id/cards {orderNo, kind: "order"|"tracking", trackingNo?} – an order or parcel card into the chat
import { sendCardSchema, sendOrderCard } from "@/server/commerce/cards/send-order-card";
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";

export const POST = withUser("console.use", async (req, context) => {
  const input = await readJson(req, sendCardSchema, context.bodyLimitBytes);
  const message = await sendOrderCard(context.user, param(context, "conversationId"), input);
  return Response.json({ message }, { status: 201 });
});
