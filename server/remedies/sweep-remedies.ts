// Every minute: coupons and reshipments written but never carried out (the process died between the
// commit and the queueing, or their jobs ran out of retries on a flaky network) are queued again;
// after a day they are given up.
import { db } from "../db/db";
import { enqueue } from "../jobs/enqueue";
import { failUndone } from "./fail-undone";

const STALE_MS = 60_000;
/** A remedy not carried out in a day is given up: it fails, leaving the budgets, and the agent sees why. */
const GIVE_UP_MS = 86_400_000;

async function giveUp(now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - GIVE_UP_MS);
  const reason = "not carried out within 24 hours";
  const [grants, reships] = await Promise.all([
    db().couponGrant.findMany({ where: { status: "PENDING", createdAt: { lt: cutoff } }, select: { id: true } }),
    db().reship.findMany({ where: { status: "PENDING", createdAt: { lt: cutoff } }, select: { id: true } }),
  ]);
  for (const { id } of grants) await failUndone({ couponGrantId: id }, reason);
  for (const { id } of reships) await failUndone({ reshipId: id }, reason);
}

export async function sweepRemedies(now = new Date()): Promise<number> {
  await giveUp(now);
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
