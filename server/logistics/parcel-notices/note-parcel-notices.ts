// In the transaction that applies a parcel's scans: the milestones it reached are written once each
// (unique per parcel and milestone), for a job to tell the customer after commit. Nothing is written
// while no channel has a template turned on for parcel updates: the scan path stays as it was.

import { db } from "../../db/db";
import { newId } from "../../db/new-id";
import type { Prisma } from "../../generated/prisma/client";
import type { ParcelMilestone } from "./parcel-milestones";

const CHECK_EVERY_MS = 30_000;
let templatesOn: { at: number; on: Promise<boolean> } | null = null;

/** Whether any channel tells customers of their parcels; read at most every 30 s per process. */
function parcelUpdatesOn(now: number): Promise<boolean> {
  if (templatesOn && now - templatesOn.at < CHECK_EVERY_MS) return templatesOn.on;
  const on = db()
    .messageTemplate.count({ where: { forParcelUpdates: true } })
    .then((count) => count > 0);
  templatesOn = { at: now, on };
  on.catch(() => {
    templatesOn = null;
  });
  return on;
}

/** After Settings change which templates tell of parcels. */
export function forgetParcelTemplates(): void {
  templatesOn = null;
}

/** Read before the scans' transaction opens (a transaction's connection is its own). */
export const parcelNoticesWanted = () => parcelUpdatesOn(Date.now());

/** The ids of the notices written now (a milestone already told writes nothing). */
export async function noteParcelNotices(
  tx: Prisma.TransactionClient,
  shipmentId: string,
  milestones: ParcelMilestone[],
): Promise<string[]> {
  if (milestones.length === 0) return [];
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "ParcelNotice" (id, "shipmentId", milestone, "createdAt")
    SELECT unnest(${milestones.map(() => newId())}::text[]), ${shipmentId}, unnest(${milestones}::text[]), now()
    ON CONFLICT ("shipmentId", milestone) DO NOTHING
    RETURNING id`;
  return rows.map((row) => row.id);
}
