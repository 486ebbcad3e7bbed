// An Official Account or mini-program push, once stored: a template delivery receipt, or a customer's
// message or event for the inbox.

import { ingestInboundMessage } from "../../conversations/ingest/ingest-inbound-message";
import { recordTemplateDelivery } from "../../conversations/mark-message-failed";
import type { InboundProcessor } from "../../inbound/inbound-processor";
import { applyExpressPath, EXPRESS_PATH_EVENT } from "../../logistics/wechat-logistics/express-path";
import { routeArrivals } from "../../routing/route-arrivals";
import { getCallbackAccount } from "../accounts/get-callback-account";
import { recordSubscriptionPopup, SUBSCRIPTION_POPUP_EVENT } from "../templates/template-subscriptions";
import { fetchNewCustomerUnionId } from "./fetch-user-unionid";
import { normalizeWechatPush, type WechatPush, wechatPushSchema } from "./normalize-message";
import { parseWechatPayload, parseWechatPayloadDocument } from "./parse-payload";

export function createPushProcessor(kind: "OFFICIAL_ACCOUNT" | "MINI_PROGRAM"): InboundProcessor<WechatPush> {
  return {
    lane: "queue",
    parse: (payload) => wechatPushSchema.parse(parseWechatPayload(payload)),
    async apply(event, push) {
      // The account was removed since: nothing left to apply the push to.
      const channelAccountId = event.channelAccountId;
      if (!channelAccountId) return "applied";
      if (push.MsgType === "event" && push.Event === "TEMPLATESENDJOBFINISH" && push.MsgID && push.Status) {
        await recordTemplateDelivery({
          channelAccountId,
          openId: push.FromUserName,
          platformMsgId: push.MsgID,
          status: push.Status,
        });
        return "applied";
      }
      // A mini-program customer accepted (or refused) subscription messages: grants, not a conversation.
      if (kind === "MINI_PROGRAM" && push.MsgType === "event" && push.Event === SUBSCRIPTION_POPUP_EVENT) {
        const { lists } = parseWechatPayloadDocument(event.payload);
        await recordSubscriptionPopup(channelAccountId, push.FromUserName, lists.List ?? []);
        return "applied";
      }
      // A waybill's path from WeChat's logistics assistant: parcels, not a conversation.
      if (push.MsgType === "event" && push.Event === EXPRESS_PATH_EVENT) {
        await applyExpressPath(event.payload);
        return "applied";
      }
      const message = normalizeWechatPush(push, { channelAccountId, kind });
      if (!message) return "applied";
      // Only Official Accounts have a follower API; a mini program learns unionids at login.
      const unionId =
        kind === "OFFICIAL_ACCOUNT"
          ? await fetchNewCustomerUnionId(
              await getCallbackAccount("OFFICIAL_ACCOUNT", channelAccountId),
              message.externalUserId,
            )
          : undefined;
      const result = await ingestInboundMessage(unionId ? { ...message, profile: { unionId } } : message, {
        inboundEventId: event.id,
      });
      routeArrivals([result]);
      return "marked";
    },
  };
}

export const officialAccountPushProcessor = createPushProcessor("OFFICIAL_ACCOUNT");
export const miniProgramPushProcessor = createPushProcessor("MINI_PROGRAM");
