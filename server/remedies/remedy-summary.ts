// A remedy in one line, where it is shown beside what it was for (an anomaly): its kind and cost,
// whether it waits for approval, and what became of it (the coupon received or used, the new waybill).
import type { Prisma } from "../generated/prisma/client";

export const remedySummarySelect = {
  id: true,
  kind: true,
  status: true,
  costFen: true,
  failedAt: true,
  couponStock: { select: { name: true } },
  couponGrant: { select: { status: true, failureReason: true } },
  reship: { select: { status: true, failureReason: true, shipment: { select: { trackingNo: true } } } },
  refund: { select: { status: true, failureReason: true } },
} as const satisfies Prisma.RemedySelect;

type Outcome =
  | { state: "working" }
  | { state: "sent" }
  | { state: "used" }
  | { state: "waybill"; trackingNo: string }
  | { state: "failed"; reason: string };

function outcomeOf(row: Prisma.RemedyGetPayload<{ select: typeof remedySummarySelect }>): Outcome | null {
  if (row.status === "PENDING" || row.status === "DECLINED") return null;
  const failed = (reason: string | null | undefined): Outcome => ({ state: "failed", reason: reason ?? "" });
  if (row.couponGrant) {
    if (row.couponGrant.status === "FAILED") return failed(row.couponGrant.failureReason);
    if (row.couponGrant.status === "USED") return { state: "used" };
    return row.couponGrant.status === "PENDING" ? { state: "working" } : { state: "sent" };
  }
  if (row.reship) {
    if (row.reship.status === "FAILED") return failed(row.reship.failureReason);
    return row.reship.shipment
      ? { state: "waybill", trackingNo: row.reship.shipment.trackingNo }
      : { state: "working" };
  }
  if (row.refund) {
    if (row.refund.status === "CLOSED") return failed(row.refund.failureReason);
    return row.refund.status === "SUCCESS" ? { state: "sent" } : { state: "working" };
  }
  return row.failedAt ? failed("") : { state: "working" };
}

export function toRemedySummary(row: Prisma.RemedyGetPayload<{ select: typeof remedySummarySelect }>) {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    costFen: row.costFen,
    couponName: row.couponStock?.name ?? null,
    outcome: outcomeOf(row),
  };
}
export type RemedySummary = ReturnType<typeof toRemedySummary>;
