// Every minute: coupons and reshipments written but never carried out (the process died between the
// commit and the queueing, or their jobs ran out of retries on a flaky network) are queued again.
import { db } from "../db/db";
import { enqueue } from "../jobs/enqueue";

const STALE_MS = 60_000;

export async function sweepRemedies(now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - STALE_MS);
  const [grants, reships] = await Promise.all([
    db().couponGrant.findMany({
      where: { status: "PENDING", createdAt: { lt: before } },
      select: { id: true },
      take: 500,
    }),
    db().reship.findMany({ where: { status: "PENDING", createdAt: { lt: before } }, select: { id: true }, take: 500 }),
  ]);
  for (const grant of grants) await enqueue("remedies.issue-coupon", { grantId: grant.id }, { singletonKey: grant.id });
  for (const reship of reships) {
    await enqueue("remedies.make-reship-waybill", { reshipId: reship.id }, { singletonKey: reship.id });
  }
  return grants.length + reships.length;
}
