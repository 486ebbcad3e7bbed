// RETURNED: the parcel is on its way back to the shop, or back; the customer has neither the goods
// nor, yet, the money. Clears when the order is refunded (or the parcel moves on after all).
import { parcelStatusRule } from "./parcel-status-rule";

export const returned = parcelStatusRule("RETURNED", ["RETURNING", "RETURNED"]);
