import { followParcel } from "../../logistics/follow-parcel";
import { defineJob } from "../define-job";
import { logisticsFollowParcelContract } from "./logistics-follow-parcel.contract";

export const logisticsFollowParcelJob = defineJob({
  ...logisticsFollowParcelContract,
  async handler({ shipmentId }) {
    await followParcel(shipmentId);
  },
});
