// POST /api/v1/webhook-subscriptions {url, events, secret?} → 201 {subscription, secret} (the secret
// shown once); GET → the subscriptions (API key with webhooks:write)
import { readJson } from "@/server/http/read-json";
import { withApiKey } from "@/server/http/route";
import { createSubscription, createSubscriptionSchema, listSubscriptions } from "@/server/webhooks/subscriptions";

export const POST = withApiKey("webhooks:write", async (req, { caller, ip, bodyLimitBytes }) => {
  const input = await readJson(req, createSubscriptionSchema, bodyLimitBytes);
  const created = await createSubscription({ keyId: caller.keyId, name: `api-key:${caller.keyName}` }, input, ip);
  return Response.json(created, { status: 201 });
});

export const GET = withApiKey("webhooks:write", async () =>
  Response.json({ subscriptions: await listSubscriptions() }),
);
