// DELIVERY_FAILED: the courier could not deliver (nobody home, wrong address), or the carrier put
// the parcel in trouble (Kuaidi100's 疑难, state 2, which is how a failed attempt reaches it); the
// customer is waiting for a second attempt or a call. Clears when the parcel moves on.
import { parcelStatusRule } from "./parcel-status-rule";

export const deliveryFailed = parcelStatusRule("DELIVERY_FAILED", ["FAILED_DELIVERY", "EXCEPTION"]);
