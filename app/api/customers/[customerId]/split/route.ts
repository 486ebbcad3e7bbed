// POST /api/customers/:id/split – move one channel identity out into its own customer (audited)
import { z } from "zod";
import { splitIdentity } from "@/server/customers/merge-customers";
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";

const splitSchema = z.object({ identityId: z.string().min(1).max(64) });

export const POST = withUser("customers.merge", async (req, context) => {
  const { identityId } = await readJson(req, splitSchema, context.bodyLimitBytes);
  const customerId = await splitIdentity(context.user, param(context, "customerId"), identityId, context.ip);
  return Response.json({ customerId }, { status: 201 });
});
