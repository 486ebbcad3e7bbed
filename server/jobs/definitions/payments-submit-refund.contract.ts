import { z } from "zod";
import { defineJobContract } from "../define-job";

/** A refund written in LoopDesk, sent to WeChat Pay under its fixed out_refund_no. */
export const paymentsSubmitRefundContract = defineJobContract({
  id: "payments.submit-refund",
  schema: z.object({ refundId: z.string().min(1) }),
  retry: { limit: 6, delaySeconds: 5, backoff: true },
  expireInSeconds: 60,
});
