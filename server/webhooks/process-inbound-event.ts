// Turns a stored webhook into domain changes, after it was acknowledged. Runs right away in the
// process that received it (no queue on the hot path); the inbound sweep job retries failures.
import { getCallbackAccount } from "../channels/accounts/get-callback-account";
import { fetchNewCustomerUnionId } from "../channels/official-account/fetch-user-unionid";
import { normalizeWechatPush, type WechatPush, wechatPushSchema } from "../channels/official-account/normalize-message";
import { parseWechatPayload } from "../channels/official-account/parse-payload";
import { applyKfItem } from "../channels/wecom/apply-kf-item";
import { type KfCallback, kfCallbackSchema } from "../channels/wecom/handle-kf-callback";
import { kfItemSchema } from "../channels/wecom/normalize-kf-message";
import { syncKfMessages } from "../channels/wecom/sync-kf-messages";
import { ingestInboundMessage } from "../conversations/ingest-inbound-message";
import { recordTemplateDelivery } from "../conversations/mark-message-failed";
import { db, getDatabase } from "../db/db";
import { runInBackground } from "../jobs/background-work";
import { createLogger } from "../logger";
import { postAckQueue } from "./processing-queue";
import type { StoredInboundEvent } from "./store-inbound-event";

const log = createLogger("inbound");
/** WeCom's callback Token lets sync_msg skip its strict rate limit for 10 minutes. */
const KF_TOKEN_TTL_MS = 10 * 60_000;

type ProcessableEvent = Pick<StoredInboundEvent, "id" | "source" | "payload" | "receivedAt"> & {
  channelAccountId: string | null;
  /** Parsed at the acknowledgement; absent when the sweep re-reads the event from the database. */
  push?: WechatPush;
  kfCallback?: KfCallback;
};

/** Processes a stored event: the one just stored (no re-read), or by id for the sweep. */
export async function processInboundEvent(eventOrId: ProcessableEvent | string): Promise<void> {
  const event: ProcessableEvent | null =
    typeof eventOrId === "string"
      ? await db().inboundEvent.findFirst({ where: { id: eventOrId, processedAt: null } })
      : eventOrId;
  if (!event) return;
  const eventId = event.id;
  // Message ingestion marks its event processed in its own transaction; everything else, below.
  let marked = false;
  try {
    switch (event.source) {
      case "OFFICIAL_ACCOUNT":
      case "MINI_PROGRAM": {
        const push = event.push ?? wechatPushSchema.parse(parseWechatPayload(event.payload));
        if (push.MsgType === "event" && push.Event === "TEMPLATESENDJOBFINISH" && push.MsgID && push.Status) {
          await recordTemplateDelivery({
            channelAccountId: event.channelAccountId ?? "",
            openId: push.FromUserName,
            platformMsgId: push.MsgID,
            status: push.Status,
          });
          break;
        }
        const message = normalizeWechatPush(push, {
          channelAccountId: event.channelAccountId ?? "",
          kind: event.source,
        });
        if (!message) break;
        // Only Official Accounts have a follower API; a mini program learns unionids at login.
        const unionId =
          event.source === "OFFICIAL_ACCOUNT"
            ? await fetchNewCustomerUnionId(
                await getCallbackAccount("OFFICIAL_ACCOUNT", event.channelAccountId ?? ""),
                message.externalUserId,
              )
            : undefined;
        await ingestInboundMessage(unionId ? { ...message, profile: { unionId } } : message, {
          inboundEventId: eventId,
        });
        marked = true;
        break;
      }
      case "WECOM": {
        const channelAccountId = event.channelAccountId ?? "";
        if (event.payload.startsWith("{")) {
          marked = await applyKfItem(kfItemSchema.parse(JSON.parse(event.payload)), channelAccountId, eventId);
          break;
        }
        const callback = event.kfCallback ?? kfCallbackSchema.parse(parseWechatPayload(event.payload));
        const fresh = Date.now() - event.receivedAt.getTime() < KF_TOKEN_TTL_MS;
        const result = await syncKfMessages({
          connection: await getCallbackAccount("WECOM_KF", channelAccountId),
          openKfId: callback.OpenKfId ?? "",
          callbackToken: fresh ? callback.Token : undefined,
          callbackEventId: eventId,
        });
        // Another instance holds this kf account's sync: leave the callback for the sweep to retry.
        if (!result.leased) throw new Error("another instance is syncing this kf account");
        marked = true;
        break;
      }
      default:
        throw new Error(`no processor for ${event.source} events yet`);
    }
    if (!marked) {
      await getDatabase().sql.query(
        `UPDATE "InboundEvent" SET "processedAt" = $2, attempts = attempts + 1, "lastError" = NULL WHERE id = $1`,
        [eventId, new Date().toISOString()],
      );
    }
  } catch (error) {
    log.error({ err: error, eventId }, "inbound event failed; the sweep job retries it");
    await db().inboundEvent.update({
      where: { id: event.id },
      data: { attempts: { increment: 1 }, lastError: String((error as Error).message ?? error).slice(0, 1000) },
    });
  }
}

/**
 * Starts an acknowledged event's processing. Messages are ingested through the bounded queue; a kf
 * callback runs its pull outside it, because the pull queues its own messages there and waits for
 * them (inside a slot, a few concurrent callbacks would wait on work that could never start).
 */
export function dispatchInboundEvent(event: ProcessableEvent): void {
  if (event.source === "WECOM" && !event.payload.startsWith("{")) {
    runInBackground(() => processInboundEvent(event));
    return;
  }
  runInBackground(() => postAckQueue().push(() => processInboundEvent(event)));
}
