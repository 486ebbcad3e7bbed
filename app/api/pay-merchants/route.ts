// GET /api/pay-merchants – WeChat Pay merchants, the environment's included, without secrets (supervisors, admins)
// POST /api/pay-merchants – connect one; its notifications then arrive at /webhooks/wechatpay/<id> (admins)
import { readJson } from "@/server/http/read-json";
import { withUser } from "@/server/http/route";
import { createMerchant, createMerchantSchema, listMerchants } from "@/server/payments/merchants/manage-merchants";

export const GET = withUser("settings.view", async () => Response.json({ merchants: await listMerchants() }));

export const POST = withUser("pay_merchants.manage", async (req, { user, ip, bodyLimitBytes }) => {
  const input = await readJson(req, createMerchantSchema, bodyLimitBytes);
  return Response.json({ merchant: await createMerchant(user, input, ip) }, { status: 201 });
});
