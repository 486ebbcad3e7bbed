import { submitRefund } from "../../payments/refunds/submit-refund";
import { defineJob } from "../define-job";
import { paymentsSubmitRefundContract } from "./payments-submit-refund.contract";

export const paymentsSubmitRefundJob = defineJob({
  ...paymentsSubmitRefundContract,
  async handler({ refundId }) {
    await submitRefund(refundId);
  },
});
