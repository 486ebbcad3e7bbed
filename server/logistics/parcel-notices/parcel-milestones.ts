// The parcel changes a customer is told of, and what they are called in the notice. A milestone is
// told once per parcel however often scans repeat or flip back.
import type { ShipmentStatus } from "../../generated/prisma/enums";

export const PARCEL_MILESTONES = ["shipped", "out_for_delivery", "delivery_failed"] as const;
export type ParcelMilestone = (typeof PARCEL_MILESTONES)[number];

export const MILESTONE_TEXT: Record<ParcelMilestone, string> = {
  shipped: "已发货",
  out_for_delivery: "派送中",
  delivery_failed: "派送未成功",
};

const MOVING: ReadonlySet<ShipmentStatus> = new Set(["PICKED_UP", "IN_TRANSIT", "OUT_FOR_DELIVERY"]);

/** What the parcel reached when its scans moved it from `previous` to `status`. */
export function milestonesOf(change: { previous: ShipmentStatus; status: ShipmentStatus }): ParcelMilestone[] {
  if (change.previous === change.status) return [];
  const reached: ParcelMilestone[] = change.previous === "CREATED" && MOVING.has(change.status) ? ["shipped"] : [];
  if (change.status === "OUT_FOR_DELIVERY") reached.push("out_for_delivery");
  if (change.status === "FAILED_DELIVERY" || change.status === "EXCEPTION") reached.push("delivery_failed");
  return reached;
}
