// GET /api/webhook-subscriptions; POST {url, events, secret?} → 201 {subscription, secret} (admins, Settings → Webhooks)
import { readJson } from "@/server/http/read-json";
import { withUser } from "@/server/http/route";
import { createSubscription, createSubscriptionSchema, listSubscriptions } from "@/server/webhooks/subscriptions";
import { WEBHOOK_EVENT_TYPES } from "@/server/webhooks/webhook-events";

export const GET = withUser("webhooks.manage", async () =>
  // The event types come with the list: the console offers what the server sends.
  Response.json({ subscriptions: await listSubscriptions(), eventTypes: WEBHOOK_EVENT_TYPES }),
);

export const POST = withUser("webhooks.manage", async (req, { user, ip, bodyLimitBytes }) => {
  const input = await readJson(req, createSubscriptionSchema, bodyLimitBytes);
  const created = await createSubscription({ userId: user.id, name: user.name }, input, ip);
  return Response.json(created, { status: 201 });
});
