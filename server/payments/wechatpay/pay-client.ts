// Calls to WeChat Pay API v3 (docs/wechat-protocols.md §4.1): signed with the merchant's key, to the
// configured base URL (Tencent, or the sandbox), over the platforms' kept-alive HTTP client. Answers
// are signed by WeChat Pay like its notifications and checked the same way before they are believed.
import type { ZodType } from "zod";
import { callPlatform } from "../../channels/platform-http";
import { getConfig } from "../../env";
import type { Merchant } from "./merchant";
import { signatureHeadersOf, verifyNotification } from "./notification-crypto";
import { authorizationHeader } from "./request-signing";

/**
 * WeChat Pay refused the call: its HTTP status and error code (ORDER_NOT_EXIST, NOT_ENOUGH, …).
 * `verified` says whether the answer carried WeChat Pay's signature: an unsigned refusal (a proxy's
 * 502, a forgery) proves nothing about the request and is never taken as final.
 */
export class PayApiError extends Error {
  override name = "PayApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly verified = false,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

function answerIsSigned(
  merchant: Merchant,
  headers: Record<string, string | string[] | undefined>,
  body: string,
): boolean {
  try {
    verifyNotification(signatureHeadersOf(headers), body, merchant.verificationKeys);
    return true;
  } catch {
    return false;
  }
}

/** A call as `merchant`, signed with its key; its answer is believed only when WeChat Pay signed it. */
export async function callPayApi<T>(
  merchant: Merchant,
  method: "GET" | "POST",
  pathWithQuery: string,
  body: object | undefined,
  schema: ZodType<T>,
): Promise<T> {
  const requestSigner = merchant.signer;
  if (!requestSigner) throw new Error(`no API private key for merchant ${merchant.mchId}: WeChat Pay cannot be called`);
  const json = body === undefined ? "" : JSON.stringify(body);
  const answer = await callPlatform(`${getConfig().wechatPayApiBaseUrl}${pathWithQuery}`, {
    method,
    json: body === undefined ? undefined : json,
    timeoutMs: 10_000,
    maxBytes: 1024 * 1024,
    headers: { authorization: authorizationHeader(requestSigner, { method, pathWithQuery, body: json }) },
  });
  const signed = answerIsSigned(merchant, answer.headers, answer.body);
  let data: unknown;
  try {
    data = answer.body ? JSON.parse(answer.body) : {};
  } catch {
    throw new PayApiError(answer.status, "INVALID_ANSWER", "WeChat Pay's answer is not JSON");
  }
  if (answer.status >= 400) {
    const error = data as { code?: unknown; message?: unknown };
    throw new PayApiError(answer.status, String(error.code ?? "UNKNOWN"), String(error.message ?? ""), signed);
  }
  if (!signed) throw new PayApiError(answer.status, "UNVERIFIED_ANSWER", "WeChat Pay's answer is not signed by it");
  return schema.parse(data);
}
