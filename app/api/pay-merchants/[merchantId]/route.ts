// PATCH /api/pay-merchants/:id {name?, enabled?} – rename, or stop and resume taking its notifications (admins)
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";
import { updateMerchant, updateMerchantSchema } from "@/server/payments/merchants/manage-merchants";

export const PATCH = withUser("pay_merchants.manage", async (req, context) => {
  const input = await readJson(req, updateMerchantSchema, context.bodyLimitBytes);
  return Response.json({
    merchant: await updateMerchant(context.user, param(context, "merchantId"), input, context.ip),
  });
});
