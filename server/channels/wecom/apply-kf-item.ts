import { activeKey } from "../../conversations/active-key";
import { ingestInboundMessage } from "../../conversations/ingest/ingest-inbound-message";
import { markMessageFailed } from "../../conversations/mark-message-failed";
import { recordExternalReply } from "../../conversations/record-external-reply";
import { db } from "../../db/db";
import { enqueue } from "../../jobs/enqueue";
import { createLogger } from "../../logger";
import { routeArrivals } from "../../routing/route-arrivals";
import { findKfProfile } from "./kf-profiles";
import { type KfItem, normalizeKfItem } from "./normalize-kf-message";

const log = createLogger("wecom");

/** WeCom's session_status_change change_type → the kf service state the session is now in. */
const STATE_AFTER_CHANGE: Record<number, number> = { 1: 3, 2: 3, 3: 4, 4: 3 };

/**
 * Applies one stored sync_msg item to the kf account it belongs to; idempotent. Returns true when
 * the item's inbound event was marked processed along with it (messages are, in their transaction).
 */
export async function applyKfItem(item: KfItem, kfAccountId: string, inboundEventId?: string): Promise<boolean> {
  const effect = normalizeKfItem(item);
  switch (effect.kind) {
    case "message": {
      const result = await ingestInboundMessage(
        {
          channelAccountId: kfAccountId,
          profile: findKfProfile(kfAccountId, effect.message.externalUserId),
          ...effect.message,
        },
        { inboundEventId },
      );
      routeArrivals([result]);
      if (result.opened && result.conversationId) {
        await enqueue(
          "wecom.claim-session",
          { conversationId: result.conversationId },
          { singletonKey: result.conversationId },
        );
      }
      return inboundEventId !== undefined;
    }
    case "servicer_message":
      await recordExternalReply({ channelAccountId: kfAccountId, ...effect });
      return false;
    case "send_failed":
      await markMessageFailed({
        channelAccountId: kfAccountId,
        externalMsgId: effect.failedMsgId,
        reason: effect.reason,
      });
      return false;
    case "session_changed": {
      const identity = await db().customerIdentity.findUnique({
        where: { channelAccountId_externalId: { channelAccountId: kfAccountId, externalId: effect.externalUserId } },
        select: { customerId: true },
      });
      const state = STATE_AFTER_CHANGE[effect.changeType];
      if (identity && state !== undefined) {
        await db().conversation.updateMany({
          where: { activeKey: activeKey(kfAccountId, identity.customerId) },
          data: { wecomServiceState: state },
        });
      }
      return false;
    }
    case "ignored":
      log.debug({ msgid: item.msgid, reason: effect.reason }, "kf item not shown");
      return false;
  }
}
