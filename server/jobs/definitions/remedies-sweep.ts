import { sweepRemedies } from "../../remedies/sweep-remedies";
import { defineJob } from "../define-job";
import { remediesSweepContract } from "./remedies-sweep.contract";

export const remediesSweepJob = defineJob({
  ...remediesSweepContract,
  async handler() {
    await sweepRemedies();
  },
});
