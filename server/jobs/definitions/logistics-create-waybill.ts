import { createWaybill } from "../../logistics/wechat-logistics/create-waybill";
import { defineJob } from "../define-job";
import { logisticsCreateWaybillContract } from "./logistics-create-waybill.contract";

export const logisticsCreateWaybillJob = defineJob({
  ...logisticsCreateWaybillContract,
  async handler({ orderId }) {
    await createWaybill(orderId);
  },
});
