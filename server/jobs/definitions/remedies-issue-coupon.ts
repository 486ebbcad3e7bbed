import { issueCoupon } from "../../remedies/coupons/issue-coupon";
import { defineJob } from "../define-job";
import { remediesIssueCouponContract } from "./remedies-issue-coupon.contract";

export const remediesIssueCouponJob = defineJob({
  ...remediesIssueCouponContract,
  async handler({ grantId }) {
    await issueCoupon(grantId);
  },
});
