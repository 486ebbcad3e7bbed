// A coupon grant or a reshipment that will not happen (WeChat Pay or the carrier refused it for good,
// or a day passed): failed with its reason once, its remedy off the budgets and the anomaly's cost,
// and the screens told. Used by the jobs that carry them out and by the sweep that gives them up.
import { db } from "../db/db";
import { publishRemedyChange } from "./publish-remedies";
import { markRemedyFailed } from "./remedy-failed";

export async function failUndone(
  link: { couponGrantId: string } | { reshipId: string },
  reason: string,
): Promise<boolean> {
  const failureReason = reason.slice(0, 500);
  const failed = await db().$transaction(async (tx) => {
    const moved =
      "couponGrantId" in link
        ? await tx.couponGrant.updateMany({
            where: { id: link.couponGrantId, status: "PENDING" },
            data: { status: "FAILED", failureReason },
          })
        : await tx.reship.updateMany({
            where: { id: link.reshipId, status: "PENDING" },
            data: { status: "FAILED", failureReason },
          });
    return moved.count === 1 ? markRemedyFailed(tx, link) : null;
  });
  if (failed) await publishRemedyChange(failed);
  return failed !== null;
}
