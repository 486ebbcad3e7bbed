// GET /api/orders/:orderNo – the order's whole story: payments, refunds, parcels, the customer's conversations
import { getOrderStory } from "@/server/commerce/orders/order-story";
import { param, withUser } from "@/server/http/route";

export const GET = withUser("console.use", async (_req, context) =>
  Response.json(await getOrderStory(context.user, param(context, "orderNo"))),
);
