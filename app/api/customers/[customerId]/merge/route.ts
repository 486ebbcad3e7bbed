// POST /api/customers/:id/merge – fold another customer record into this one (audited)

import { mergeCustomers, mergeCustomersSchema } from "@/server/customers/merge-customers";
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";

export const POST = withUser("customers.merge", async (req, context) => {
  const { sourceCustomerId } = await readJson(req, mergeCustomersSchema, context.bodyLimitBytes);
  await mergeCustomers(context.user, param(context, "customerId"), sourceCustomerId, context.ip);
  return new Response(null, { status: 204 });
});
