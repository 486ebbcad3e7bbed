import { followRefunds } from "../../payments/refunds/follow-refunds";
import { defineJob } from "../define-job";
import { paymentsFollowRefundsContract } from "./payments-follow-refunds.contract";

export const paymentsFollowRefundsJob = defineJob({
  ...paymentsFollowRefundsContract,
  async handler(_payload, { log }) {
    const followed = await followRefunds();
    if (followed.submitted + followed.queried > 0) log.info(followed, "refunds followed");
  },
});
