// One item pulled from kf/sync_msg and stored: applied to the kf account it was pulled for.
import type { InboundProcessor } from "../../inbound/inbound-processor";
import { applyKfItem } from "./apply-kf-item";
import { type KfItem, kfItemSchema } from "./normalize-kf-message";

export const kfItemProcessor: InboundProcessor<KfItem> = {
  lane: "queue",
  parse: (payload) => kfItemSchema.parse(JSON.parse(payload)),
  async apply(event, item) {
    if (!event.channelAccountId) return "applied";
    return (await applyKfItem(item, event.channelAccountId, event.id)) ? "marked" : "applied";
  },
};
