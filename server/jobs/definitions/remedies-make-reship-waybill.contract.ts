import { z } from "zod";
import { defineJobContract } from "../define-job";

/** A reshipment's new waybill is made under its fixed waybill order id (one waybill however often it runs). */
export const remediesMakeReshipWaybillContract = defineJobContract({
  id: "remedies.make-reship-waybill",
  schema: z.object({ reshipId: z.string().min(1) }),
  retry: { limit: 8, delaySeconds: 30, backoff: true },
  expireInSeconds: 60,
});
