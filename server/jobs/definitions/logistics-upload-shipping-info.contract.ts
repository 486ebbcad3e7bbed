import { z } from "zod";
import { defineJobContract } from "../define-job";

/** A paid mini-program order with its parcels: its shipping info goes to WeChat (a minute apart on 10060001). */
export const logisticsUploadShippingInfoContract = defineJobContract({
  id: "logistics.upload-shipping-info",
  schema: z.object({ orderId: z.string().min(1) }),
  retry: { limit: 10, delaySeconds: 60, backoff: false },
  expireInSeconds: 60,
});
