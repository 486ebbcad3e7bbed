// Every minute: parcel notices written but never sent (the job was not queued, or ran out of
// retries) are queued again; after a day a milestone is stale news and is dropped as "expired".
import { db } from "../../db/db";
import { enqueue } from "../../jobs/enqueue";

const STALE_MS = 60_000;
const EXPIRES_MS = 86_400_000;

export async function sweepParcelNotices(now = new Date()): Promise<number> {
  await db().parcelNotice.updateMany({
    where: { outcome: null, createdAt: { lt: new Date(now.getTime() - EXPIRES_MS) } },
    data: { outcome: "expired" },
  });
  const waiting = await db().parcelNotice.findMany({
    where: { outcome: null, createdAt: { lt: new Date(now.getTime() - STALE_MS) } },
    select: { id: true },
    take: 500,
  });
  for (const notice of waiting) {
    await enqueue("logistics.notify-parcel-change", { noticeId: notice.id }, { singletonKey: notice.id });
  }
  return waiting.length;
}
