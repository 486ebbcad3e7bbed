import { makeReshipWaybill } from "../../remedies/reship/make-reship-waybill";
import { defineJob } from "../define-job";
import { remediesMakeReshipWaybillContract } from "./remedies-make-reship-waybill.contract";

export const remediesMakeReshipWaybillJob = defineJob({
  ...remediesMakeReshipWaybillContract,
  async handler({ reshipId }) {
    await makeReshipWaybill(reshipId);
  },
});
