// POST /api/customers/:id/phone – reveal the full phone number (permission-gated, audited)

import { revealPhone } from "@/server/customers/reveal-phone";
import { param, withUser } from "@/server/http/route";

export const POST = withUser("customers.reveal_phone", async (_req, context) =>
  Response.json({ phone: await revealPhone(context.user, param(context, "customerId"), context.ip) }),
);
