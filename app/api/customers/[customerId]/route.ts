// GET /api/customers/:id – the profile for the inbox sidebar (phone masked)
// PATCH /api/customers/:id – tags and the shared note
import { getCustomerProfile } from "@/server/customers/get-customer-profile";
import { updateCustomer, updateCustomerSchema } from "@/server/customers/update-customer";
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";

export const GET = withUser("console.use", async (_req, context) =>
  Response.json(await getCustomerProfile(context.user, param(context, "customerId"))),
);

export const PATCH = withUser("console.use", async (req, context) => {
  const input = await readJson(req, updateCustomerSchema, context.bodyLimitBytes);
  const customerId = param(context, "customerId");
  await updateCustomer(context.user, customerId, input);
  return Response.json(await getCustomerProfile(context.user, customerId));
});
