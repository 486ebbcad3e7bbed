// DELIVERY_FAILED: the courier could not deliver (nobody home, wrong address); the customer is
// waiting for a second attempt or a call. Clears when the parcel moves on.
import { parcelStatusRule } from "./parcel-status-rule";

export const deliveryFailed = parcelStatusRule("DELIVERY_FAILED", ["FAILED_DELIVERY"]);
