import { z } from "zod";
import { defineJobContract } from "../define-job";

/** A parcel the shop reported: the tracking service is asked to push its scans. */
export const logisticsFollowParcelContract = defineJobContract({
  id: "logistics.follow-parcel",
  schema: z.object({ shipmentId: z.string().min(1) }),
  retry: { limit: 8, delaySeconds: 30, backoff: true },
  expireInSeconds: 60,
});
