import { z } from "zod";
import { defineJobContract } from "../define-job";

/** A coupon grant is issued at WeChat Pay under its fixed out_request_no (one coupon however often it runs). */
export const remediesIssueCouponContract = defineJobContract({
  id: "remedies.issue-coupon",
  schema: z.object({ grantId: z.string().min(1) }),
  retry: { limit: 8, delaySeconds: 15, backoff: true },
  expireInSeconds: 60,
});
