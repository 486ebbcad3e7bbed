// Carriers' own codes for a parcel's state, mapped to LoopDesk's (docs/wechat-protocols.md §5.2–5.3).
// Codes a carrier adds later still say something: they are read by their family, never dropped.
import type { ShipmentStatus } from "../generated/prisma/enums";

/** Kuaidi100's lastResult.state (and its data[].status codes 0–14). */
const KUAIDI100: Record<string, ShipmentStatus> = {
  "0": "IN_TRANSIT",
  "1": "PICKED_UP",
  "2": "EXCEPTION",
  "3": "DELIVERED",
  "4": "RETURNED",
  "5": "OUT_FOR_DELIVERY",
  "6": "RETURNING",
  "7": "IN_TRANSIT",
  "8": "IN_TRANSIT",
  "10": "IN_TRANSIT",
  "11": "IN_TRANSIT",
  "12": "IN_TRANSIT",
  "13": "EXCEPTION",
  "14": "REFUSED",
};

export function kuaidi100Status(state: string | number): ShipmentStatus {
  // An unknown code is still a scan on the way: in transit.
  return KUAIDI100[String(state)] ?? "IN_TRANSIT";
}

/** The WeChat logistics assistant's action_type. */
const ASSISTANT: Record<number, ShipmentStatus> = {
  100001: "PICKED_UP",
  100002: "EXCEPTION",
  100003: "CREATED",
  200001: "IN_TRANSIT",
  300002: "OUT_FOR_DELIVERY",
  300003: "DELIVERED",
  300004: "FAILED_DELIVERY",
  400001: "CANCELLED",
  400002: "EXCEPTION",
};
const ASSISTANT_FAMILY: Record<string, ShipmentStatus> = {
  "1": "PICKED_UP",
  "2": "IN_TRANSIT",
  "3": "OUT_FOR_DELIVERY",
  "4": "EXCEPTION",
};

export function logisticsAssistantStatus(actionType: number): ShipmentStatus {
  return ASSISTANT[actionType] ?? ASSISTANT_FAMILY[String(actionType).slice(0, 1)] ?? "IN_TRANSIT";
}
