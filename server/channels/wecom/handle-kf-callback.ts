// ref: https://developer.work.weixin.qq.com/document/path/90930 (receiving callbacks, URL check)
// ref: https://developer.work.weixin.qq.com/document/path/94670 (kf_msg_or_event)
// WeCom always encrypts: GET decrypts the echostr and returns it, POST carries kf_msg_or_event, which
// holds no message: it is stored (deduped by its Token), acknowledged, then sync_msg pulls.
import { z } from "zod";
import { AppError } from "../../errors";
import { storeInboundEvent } from "../../inbound/store-inbound-event";
import type { WebhookAnswer, WebhookRequest } from "../../inbound/webhook-types";
import { getCallbackAccount } from "../accounts/get-callback-account";
import { parseWechatPayload } from "../official-account/parse-payload";
import { openEnvelope, verifyEncryptedSignature } from "../wechat-callback/callback-crypto";

const querySchema = z.object({
  msg_signature: z.string().regex(/^[0-9a-fA-F]{40}$/),
  timestamp: z.string().regex(/^\d{1,12}$/),
  nonce: z.string().min(1).max(64),
});

export const kfCallbackSchema = z
  .object({
    MsgType: z.literal("event"),
    Event: z.string().min(1).max(64),
    Token: z.string().min(1).max(256).optional(),
    OpenKfId: z.string().min(1).max(64).optional(),
    CreateTime: z.string().regex(/^\d{1,12}$/),
  })
  .loose();
export type KfCallback = z.infer<typeof kfCallbackSchema>;

export async function handleKfCallback(request: WebhookRequest): Promise<WebhookAnswer> {
  const connection = await getCallbackAccount("WECOM_KF", request.accountId);
  const query = querySchema.safeParse(Object.fromEntries(request.query));
  if (!query.success) throw new AppError("UNAUTHORIZED", "missing or malformed msg_signature");
  if (!connection.aesKey) throw new AppError("INVALID_INPUT", "this WeCom connection has no EncodingAESKey");
  const { msg_signature: signature, timestamp, nonce } = query.data;

  const encrypted = request.method === "GET" ? request.query.get("echostr") : parseWechatPayload(request.body).Encrypt;
  if (!encrypted) throw new AppError("INVALID_INPUT", request.method === "GET" ? "missing echostr" : "missing Encrypt");
  verifyEncryptedSignature({ token: connection.token, timestamp, nonce, encrypted, signature });
  const plaintext = openEnvelope({ aesKey: connection.aesKey, receiveId: connection.appId, encrypted });
  // WeCom wants the decrypted echostr alone: no quotes, no newline.
  if (request.method === "GET") return { status: 200, body: plaintext };

  const callback = kfCallbackSchema.safeParse(parseWechatPayload(plaintext));
  if (!callback.success) throw new AppError("INVALID_INPUT", "malformed WeCom event");
  if (callback.data.Event !== "kf_msg_or_event" || !callback.data.OpenKfId) {
    // Other WeCom events are acknowledged and not stored: nothing in LoopDesk acts on them.
    return { status: 200, body: "success" };
  }
  const event = await storeInboundEvent({
    source: "WECOM_KF_CALLBACK",
    channelAccountId: connection.id,
    dedupeKey: `callback:${callback.data.Token ?? `${callback.data.OpenKfId}:${callback.data.CreateTime}`}`,
    payload: plaintext,
  });
  return event ? { status: 200, body: "success", event, parsed: callback.data } : { status: 200, body: "success" };
}
