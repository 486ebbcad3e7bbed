import { z } from "zod";
import type { SessionUser } from "../auth/sessions";
import { db } from "../db/db";
import { assertCustomerVisible } from "./get-customer-profile";

export const updateCustomerSchema = z.object({
  tags: z
    .array(z.string().trim().min(1).max(20))
    .max(30)
    .transform((tags) => [...new Set(tags)])
    .optional(),
  note: z.string().trim().max(2000).nullable().optional(),
});
export type UpdateCustomerInput = z.infer<typeof updateCustomerSchema>;

/** Tags and the shared note about a customer: anyone who can see the customer may edit them. */
export async function updateCustomer(user: SessionUser, customerId: string, input: UpdateCustomerInput) {
  await assertCustomerVisible(user, customerId);
  await db().customer.update({
    where: { id: customerId },
    data: {
      ...(input.tags ? { tags: input.tags } : {}),
      ...(input.note !== undefined ? { note: input.note || null } : {}),
    },
  });
}
