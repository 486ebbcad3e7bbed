// The full phone number is personal information (PIPL): only roles allowed to see it can reveal
// it, one customer at a time, and every reveal is written to the audit log before it is returned.

import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/sessions";
import { secretBox } from "../crypto/secret-box";
import { db } from "../db/db";
import { AppError, localized } from "../errors";
import { assertCustomerVisible } from "./get-customer-profile";

export async function revealPhone(user: SessionUser, customerId: string, ip: string | null): Promise<string> {
  await assertCustomerVisible(user, customerId);
  const customer = await db().customer.findUniqueOrThrow({ where: { id: customerId }, select: { phoneEnc: true } });
  if (!customer.phoneEnc) throw new AppError("NOT_FOUND", localized("error.noPhoneNumber"));
  await recordAudit({
    action: "customer.phone_revealed",
    actorId: user.id,
    subjectType: "customer",
    subjectId: customerId,
    ip,
  });
  return secretBox().open(customer.phoneEnc);
}
