import { z } from "zod";
import { defineJobContract } from "../define-job";

/** A mini-program order's parcel was delivered: WeChat is told once (notify_confirm_receive). */
export const logisticsNotifyReceiptContract = defineJobContract({
  id: "logistics.notify-receipt",
  schema: z.object({ orderId: z.string().min(1) }),
  retry: { limit: 6, delaySeconds: 30, backoff: true },
  expireInSeconds: 60,
});
