// ref: https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
// ref: https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html
// Official Account and mini-program callbacks: GET proves we own the URL (plain echostr, 3-part
// signature); POST is a message or event, in plain or safe (AES) mode. The 3-part signature is
// checked first, then the safe-mode msg_signature, then decryption and the AppID inside it.
import { z } from "zod";
import { AppError } from "../../errors";
import { storeInboundEvent } from "../../inbound/store-inbound-event";
import type { WebhookAnswer, WebhookRequest } from "../../inbound/webhook-types";
import { getCallbackAccount } from "../accounts/get-callback-account";
import { openEnvelope, verifyEncryptedSignature, verifyPlainSignature } from "../wechat-callback/callback-crypto";
import { pushDedupeKey, wechatPushSchema } from "./normalize-message";
import { parseWechatPayload } from "./parse-payload";

const signedQuerySchema = z.object({
  signature: z.string().regex(/^[0-9a-fA-F]{40}$/),
  timestamp: z.string().regex(/^\d{1,12}$/),
  nonce: z.string().min(1).max(64),
});

function signedQuery(query: URLSearchParams) {
  const parsed = signedQuerySchema.safeParse(Object.fromEntries(query));
  if (!parsed.success) throw new AppError("UNAUTHORIZED", "missing or malformed signature");
  return parsed.data;
}

export async function handleWechatPush(
  kind: "OFFICIAL_ACCOUNT" | "MINI_PROGRAM",
  request: WebhookRequest,
): Promise<WebhookAnswer> {
  const account = await getCallbackAccount(kind, request.accountId);
  const query = signedQuery(request.query);
  verifyPlainSignature({ token: account.token, ...query });

  if (request.method === "GET") {
    const echostr = request.query.get("echostr");
    if (!echostr || echostr.length > 128) throw new AppError("INVALID_INPUT", "missing echostr");
    return { status: 200, body: echostr };
  }

  let plaintext = request.body;
  if (request.query.get("encrypt_type") === "aes") {
    if (!account.aesKey) throw new AppError("INVALID_INPUT", "safe mode is not configured for this account");
    const encrypted = parseWechatPayload(request.body).Encrypt;
    const msgSignature = request.query.get("msg_signature");
    if (!encrypted || !msgSignature) throw new AppError("UNAUTHORIZED", "missing Encrypt or msg_signature");
    verifyEncryptedSignature({
      token: account.token,
      timestamp: query.timestamp,
      nonce: query.nonce,
      encrypted,
      signature: msgSignature,
    });
    plaintext = openEnvelope({ aesKey: account.aesKey, receiveId: account.appId, encrypted });
  }

  const push = wechatPushSchema.safeParse(parseWechatPayload(plaintext));
  if (!push.success) {
    throw new AppError("INVALID_INPUT", `unsupported or malformed push: ${push.error.issues[0]?.message ?? ""}`);
  }
  const event = await storeInboundEvent({
    source: kind,
    channelAccountId: account.id,
    dedupeKey: pushDedupeKey(push.data),
    payload: plaintext,
  });
  // "success" (or an empty body) tells WeChat not to retry and not to expect a passive reply.
  return event ? { status: 200, body: "success", event, parsed: push.data } : { status: 200, body: "success" };
}
