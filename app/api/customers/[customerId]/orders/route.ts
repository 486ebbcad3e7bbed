// GET /api/customers/:id/orders – the customer's latest orders with payments, refunds and parcels
import { listCustomerOrders } from "@/server/commerce/orders/customer-orders";
import { param, withUser } from "@/server/http/route";

export const GET = withUser("console.use", async (_req, context) =>
  Response.json({ orders: await listCustomerOrders(context.user, param(context, "customerId")) }),
);
