// REFUSED: the customer refused the parcel at the door, a strong sign of a problem worth a call.
// Clears when the order is refunded or the parcel moves on.
import { parcelStatusRule } from "./parcel-status-rule";

export const refused = parcelStatusRule("REFUSED", ["REFUSED"]);
