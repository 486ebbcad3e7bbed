// The WeChat sandbox's side of an Official Account / mini-program callback: the request WeChat would
// send for a push, signed (and in safe mode encrypted) exactly as the real servers do.
import { randomBytes } from "node:crypto";
import { sealEnvelope, signEncrypted, signPlain } from "../../channels/wechat-callback/callback-crypto";
import { buildWechatXml } from "../../channels/wechat-callback/wechat-xml";

export type SandboxWechatAccount = { appId: string; originalId: string; token: string; aesKey?: string };

export type PushMode = "plain" | "safe";

export type PushCallback = { query: URLSearchParams; body: string };

/** Signs a push; with mode "safe" the fields travel encrypted in <Encrypt> (or {"Encrypt"} as JSON). */
export function buildPushCallback(options: {
  account: SandboxWechatAccount;
  fields: Record<string, string | number>;
  /** Lists of records some events carry (add_express_path's Actions). */
  lists?: Record<string, Record<string, string | number>[]>;
  /** The XML element the lists sit in (a subscription popup's SubscribeMsgPopupEvent); JSON lists them at the top. */
  listWrapper?: string;
  mode: PushMode;
  format?: "xml" | "json";
  timestamp?: number;
  nonce?: string;
}): PushCallback {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomBytes(5).toString("hex");
  const { account } = options;
  const fields = { ToUserName: account.originalId, ...options.fields };
  const plaintext =
    options.format === "json"
      ? JSON.stringify({ ...fields, ...options.lists })
      : buildWechatXml(fields, options.lists, options.listWrapper);
  const query = new URLSearchParams({ signature: signPlain(account.token, timestamp, nonce), timestamp, nonce });
  if (options.mode === "plain" || !account.aesKey) return { query, body: plaintext };
  const encrypted = sealEnvelope({ aesKey: account.aesKey, receiveId: account.appId, message: plaintext });
  query.set("encrypt_type", "aes");
  query.set("msg_signature", signEncrypted(account.token, timestamp, nonce, encrypted));
  const body =
    options.format === "json"
      ? JSON.stringify({ ToUserName: account.originalId, Encrypt: encrypted })
      : buildWechatXml({ ToUserName: account.originalId, Encrypt: encrypted });
  return { query, body };
}

let messageCounter = BigInt(Date.now()) * 1000n;

/** A customer text message as WeChat pushes it, with a fresh 64-bit MsgId. */
export function textPush(openId: string, content: string, createdAt = new Date()): Record<string, string | number> {
  messageCounter += 1n;
  return {
    FromUserName: openId,
    CreateTime: Math.floor(createdAt.getTime() / 1000),
    MsgType: "text",
    Content: content,
    MsgId: messageCounter.toString(),
  };
}
