// ref: https://developer.work.weixin.qq.com/document/path/90968 (WXBizMsgCrypt, shared by WeCom, Official
// Accounts and mini programs). AES-256-CBC with a 32-byte PKCS#7 block, done by @wecom/crypto; this
// module adds what that library leaves to its caller: signature checks in constant time, and the
// receive-id check (a wrong key or corrupted padding decrypts to garbage without throwing).
import { createHash, timingSafeEqual } from "node:crypto";
import { decrypt, encrypt, getSignature } from "@wecom/crypto";
import { WebhookRefusal } from "../../inbound/webhook-types";

/** WXBizMsgCrypt's error codes, kept so logs match WeChat's documentation. */
export type CallbackCryptoErrorCode =
  | "SIGNATURE_MISMATCH" // -40001
  | "INVALID_AES_KEY" // -40004
  | "RECEIVE_ID_MISMATCH" // -40005
  | "DECRYPT_FAILED"; // -40007

/** Answered to the platform as is: a bad signature 401 with nothing else, a message we cannot open 400. */
export class CallbackCryptoError extends WebhookRefusal {
  override name = "CallbackCryptoError";
  constructor(readonly code: CallbackCryptoErrorCode) {
    super(code === "SIGNATURE_MISMATCH" ? 401 : 400, code === "SIGNATURE_MISMATCH" ? "" : code, code);
  }
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a.toLowerCase());
  const right = Buffer.from(b.toLowerCase());
  return left.length === right.length && timingSafeEqual(left, right);
}

/** msg_signature: sha1 of the sorted token, timestamp, nonce and ciphertext. */
export function signEncrypted(token: string, timestamp: string, nonce: string, encrypted: string): string {
  return getSignature(token, timestamp, nonce, encrypted);
}

/** The Official Account / mini-program `signature`: sha1 of the sorted token, timestamp and nonce. */
export function signPlain(token: string, timestamp: string, nonce: string): string {
  return createHash("sha1").update([token, timestamp, nonce].sort().join("")).digest("hex");
}

export function verifyEncryptedSignature(options: {
  token: string;
  timestamp: string;
  nonce: string;
  encrypted: string;
  signature: string;
}): void {
  const expected = signEncrypted(options.token, options.timestamp, options.nonce, options.encrypted);
  if (!sameHex(expected, options.signature)) throw new CallbackCryptoError("SIGNATURE_MISMATCH");
}

export function verifyPlainSignature(options: { token: string; timestamp: string; nonce: string; signature: string }) {
  if (!sameHex(signPlain(options.token, options.timestamp, options.nonce), options.signature)) {
    throw new CallbackCryptoError("SIGNATURE_MISMATCH");
  }
}

export function isValidAesKey(aesKey: string): boolean {
  return /^[A-Za-z0-9+/]{43}$/.test(aesKey) && Buffer.from(`${aesKey}=`, "base64").length === 32;
}

/** Decrypts an Encrypt field and checks it was meant for this CorpID / AppID. */
export function openEnvelope(options: { aesKey: string; receiveId: string; encrypted: string }): string {
  if (!isValidAesKey(options.aesKey)) throw new CallbackCryptoError("INVALID_AES_KEY");
  let opened: { message: string; id: string };
  try {
    opened = decrypt(options.aesKey, options.encrypted);
  } catch {
    throw new CallbackCryptoError("DECRYPT_FAILED");
  }
  if (opened.id !== options.receiveId) throw new CallbackCryptoError("RECEIVE_ID_MISMATCH");
  return opened.message;
}

/** Encrypts a message the way WeChat does (for passive replies and for the sandbox). */
export function sealEnvelope(options: { aesKey: string; receiveId: string; message: string; random?: Buffer }): string {
  if (!isValidAesKey(options.aesKey)) throw new CallbackCryptoError("INVALID_AES_KEY");
  return encrypt(options.aesKey, options.message, options.receiveId, options.random);
}
