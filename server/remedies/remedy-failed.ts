// A remedy whose carrying out failed for good (WeChat Pay refused the coupon or closed the refund, no
// waybill could be made) no longer counts against the budgets nor on its anomaly's cost. Once only.
import type { Prisma } from "../generated/prisma/client";
import type { RemedyLink } from "./kinds/remedy-kind";

export async function markRemedyFailed(tx: Prisma.TransactionClient, link: RemedyLink, now = new Date()) {
  const [remedy] = await tx.remedy.updateManyAndReturn({
    where: { ...link, failedAt: null },
    data: { failedAt: now },
    select: { customerId: true, orderId: true, anomalyId: true, costFen: true },
  });
  if (remedy?.anomalyId) {
    await tx.anomaly.update({
      where: { id: remedy.anomalyId },
      data: { remedyCostFen: { decrement: remedy.costFen } },
    });
  }
  return remedy ?? null;
}
