import { z } from "zod";
import { defineJobContract } from "../define-job";

/** Every minute: unpaid orders past WECHATPAY_QUERY_AFTER_MINUTES are looked up at WeChat Pay. */
export const paymentsQueryUnpaidContract = defineJobContract({
  id: "payments.query-unpaid",
  schema: z.object({}),
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 300,
  schedule: { cron: "* * * * *", payload: {} },
});
