// A stored kf callback carries no message: it says "pull". The pull answers it (marks it processed
// with the page that covers it), so this processor never marks it itself.
import type { InboundProcessor } from "../../inbound/inbound-processor";
import { getCallbackAccount } from "../accounts/get-callback-account";
import { parseWechatPayload } from "../official-account/parse-payload";
import { type KfCallback, kfCallbackSchema } from "./handle-kf-callback";
import { syncKfMessages } from "./sync-kf-messages";

/** WeCom's callback Token lets sync_msg skip its strict rate limit for 10 minutes. */
const KF_TOKEN_TTL_MS = 10 * 60_000;

export const kfCallbackProcessor: InboundProcessor<KfCallback> = {
  // The pull queues its items in the post-acknowledgement queue and waits for them: in a slot of
  // that queue, a few concurrent callbacks would wait on work that could never start.
  lane: "direct",
  parse: (payload) => kfCallbackSchema.parse(parseWechatPayload(payload)),
  async apply(event, callback) {
    if (!event.channelAccountId) return "applied";
    const fresh = Date.now() - event.receivedAt.getTime() < KF_TOKEN_TTL_MS;
    const result = await syncKfMessages({
      connection: await getCallbackAccount("WECOM_KF", event.channelAccountId),
      openKfId: callback.OpenKfId ?? "",
      callbackToken: fresh ? callback.Token : undefined,
      callbackEventId: event.id,
    });
    // Another instance holds this kf account's sync: the sweep retries the callback later.
    if (!result.leased) throw new Error("another instance is syncing this kf account");
    return "marked";
  },
};
