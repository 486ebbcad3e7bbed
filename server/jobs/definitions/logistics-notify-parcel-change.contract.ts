import { z } from "zod";
import { defineJobContract } from "../define-job";

/** A parcel milestone is told to the customer through their channel's parcel template (once). */
export const logisticsNotifyParcelChangeContract = defineJobContract({
  id: "logistics.notify-parcel-change",
  schema: z.object({ noticeId: z.string().min(1) }),
  retry: { limit: 5, delaySeconds: 30, backoff: true },
  expireInSeconds: 60,
});
