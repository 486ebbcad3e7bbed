// POST /api/webhook-deliveries/:id/replay – send it again, same event id and body (admins)
import { param, withUser } from "@/server/http/route";
import { deliverWebhooksSoon } from "@/server/webhooks/deliver-webhooks";
import { replayDelivery } from "@/server/webhooks/subscriptions";

export const POST = withUser("webhooks.manage", async (_req, context) => {
  await replayDelivery(context.user.id, param(context, "deliveryId"), context.ip);
  deliverWebhooksSoon();
  return Response.json({ replayed: true });
});
