// GET /api/orders?status=&channel=&q=&after= – the 订单 page's orders, as this user may see them
import { searchOrders, searchOrdersSchema } from "@/server/commerce/orders/search-orders";
import { withUser } from "@/server/http/route";

export const GET = withUser("console.use", async (req, { user }) => {
  const input = searchOrdersSchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await searchOrders(user, input));
});
