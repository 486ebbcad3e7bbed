import { z } from "zod";
import { defineJobContract } from "../define-job";

/** A paid mini-program order gets its waybill from WeChat's logistics assistant (once per order). */
export const logisticsCreateWaybillContract = defineJobContract({
  id: "logistics.create-waybill",
  schema: z.object({ orderId: z.string().min(1) }),
  retry: { limit: 8, delaySeconds: 30, backoff: true },
  expireInSeconds: 60,
});
