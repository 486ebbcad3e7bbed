import { attributeOrders } from "../../recommendations/attribute-orders";
import { defineJob } from "../define-job";
import { recommendationsAttributeContract } from "./recommendations-attribute.contract";

export const recommendationsAttributeJob = defineJob({
  ...recommendationsAttributeContract,
  async handler(_payload, { log }) {
    const credited = await attributeOrders();
    if (credited > 0) log.info({ credited }, "recommendations credited with orders");
  },
});
