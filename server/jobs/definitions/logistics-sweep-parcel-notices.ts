import { sweepParcelNotices } from "../../logistics/parcel-notices/sweep-parcel-notices";
import { defineJob } from "../define-job";
import { logisticsSweepParcelNoticesContract } from "./logistics-sweep-parcel-notices.contract";

export const logisticsSweepParcelNoticesJob = defineJob({
  ...logisticsSweepParcelNoticesContract,
  async handler() {
    await sweepParcelNotices();
  },
});
