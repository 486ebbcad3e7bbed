import { uploadShippingInfo } from "../../logistics/mini-program/shipping-info";
import { defineJob } from "../define-job";
import { logisticsUploadShippingInfoContract } from "./logistics-upload-shipping-info.contract";

export const logisticsUploadShippingInfoJob = defineJob({
  ...logisticsUploadShippingInfoContract,
  async handler({ orderId }, { log }) {
    const outcome = await uploadShippingInfo(orderId);
    if (outcome === "refused") log.warn({ orderId }, "WeChat refused the shipping info; see the order");
  },
});
