// GET /api/webhook-subscriptions/:id/deliveries – the delivery log, newest first (admins)
import { param, withUser } from "@/server/http/route";
import { listDeliveries } from "@/server/webhooks/subscriptions";

export const GET = withUser("webhooks.manage", async (_req, context) =>
  Response.json({ deliveries: await listDeliveries(param(context, "subscriptionId")) }),
);
