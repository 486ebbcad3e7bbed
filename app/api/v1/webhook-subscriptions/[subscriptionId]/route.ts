// DELETE /api/v1/webhook-subscriptions/:id – stop sending there (API key with webhooks:write)
import { param, withApiKey } from "@/server/http/route";
import { deleteSubscription } from "@/server/webhooks/subscriptions";

export const DELETE = withApiKey("webhooks:write", async (_req, context) => {
  await deleteSubscription(
    { keyId: context.caller.keyId, name: `api-key:${context.caller.keyName}` },
    param(context, "subscriptionId"),
    context.ip,
  );
  return new Response(null, { status: 204 });
});
