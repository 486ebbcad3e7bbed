import { notifyReceipt } from "../../logistics/mini-program/shipping-info";
import { defineJob } from "../define-job";
import { logisticsNotifyReceiptContract } from "./logistics-notify-receipt.contract";

export const logisticsNotifyReceiptJob = defineJob({
  ...logisticsNotifyReceiptContract,
  async handler({ orderId }) {
    await notifyReceipt(orderId);
  },
});
