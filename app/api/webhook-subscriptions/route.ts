// GET /api/webhook-subscriptions; POST {url, events, secret?} → 201 {subscription, secret} (admins, Settings → Webhooks)
import { readJson } from "@/server/http/read-json";
import { withUser } from "@/server/http/route";
import { createSubscription, createSubscriptionSchema, listSubscriptions } from "@/server/webhooks/subscriptions";

export const GET = withUser("webhooks.manage", async () => Response.json({ subscriptions: await listSubscriptions() }));

export const POST = withUser("webhooks.manage", async (req, { user, ip, bodyLimitBytes }) => {
  const input = await readJson(req, createSubscriptionSchema, bodyLimitBytes);
  const created = await createSubscription({ userId: user.id, name: user.name }, input, ip);
  return Response.json(created, { status: 201 });
});
