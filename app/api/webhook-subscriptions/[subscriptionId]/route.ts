// DELETE /api/webhook-subscriptions/:id (admins)
import { param, withUser } from "@/server/http/route";
import { deleteSubscription } from "@/server/webhooks/subscriptions";

export const DELETE = withUser("webhooks.manage", async (_req, context) => {
  await deleteSubscription(
    { userId: context.user.id, name: context.user.name },
    param(context, "subscriptionId"),
    context.ip,
  );
  return new Response(null, { status: 204 });
});
