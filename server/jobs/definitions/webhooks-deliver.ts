import { deliverDueWebhooks } from "../../webhooks/deliver-webhooks";
import { defineJob } from "../define-job";
import { webhooksDeliverContract } from "./webhooks-deliver.contract";

export const webhooksDeliverJob = defineJob({
  ...webhooksDeliverContract,
  async handler(_payload, { log }) {
    const attempted = await deliverDueWebhooks();
    if (attempted > 0) log.info({ attempted }, "webhook deliveries attempted");
  },
});
