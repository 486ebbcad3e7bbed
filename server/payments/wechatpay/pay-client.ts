// Calls to WeChat Pay API v3 (docs/wechat-protocols.md §4.1): signed with the merchant's key, to the
// configured base URL (Tencent, or the sandbox), over the platforms' kept-alive HTTP client.
import type { ZodType } from "zod";
import { callPlatform } from "../../channels/platform-http";
import { getConfig } from "../../env";
import { authorizationHeader, createRequestSigner, type RequestSigner } from "./request-signing";

/** WeChat Pay refused the call: its HTTP status and error code (ORDER_NOT_EXIST, NOT_ENOUGH, …). */
export class PayApiError extends Error {
  override name = "PayApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

let signer: RequestSigner | null | undefined;

/** The merchant's signer, or null when no private key is configured (notifications only). */
export function getRequestSigner(): RequestSigner | null {
  if (signer !== undefined) return signer;
  const config = getConfig().wechatPay;
  signer = config?.signing
    ? createRequestSigner({
        mchId: config.mchId,
        certSerial: config.signing.certSerial,
        privateKeyPem: config.signing.privateKeyPem,
      })
    : null;
  return signer;
}

export async function callPayApi<T>(
  method: "GET" | "POST",
  pathWithQuery: string,
  body: object | undefined,
  schema: ZodType<T>,
): Promise<T> {
  const requestSigner = getRequestSigner();
  if (!requestSigner) throw new Error("WECHATPAY_PRIVATE_KEY is not configured: WeChat Pay cannot be called");
  const json = body === undefined ? "" : JSON.stringify(body);
  const answer = await callPlatform(`${getConfig().wechatPayApiBaseUrl}${pathWithQuery}`, {
    method,
    json: body === undefined ? undefined : json,
    timeoutMs: 10_000,
    maxBytes: 1024 * 1024,
    headers: { authorization: authorizationHeader(requestSigner, { method, pathWithQuery, body: json }) },
  });
  let data: unknown;
  try {
    data = answer.body ? JSON.parse(answer.body) : {};
  } catch {
    throw new PayApiError(answer.status, "INVALID_ANSWER", "WeChat Pay's answer is not JSON");
  }
  if (answer.status >= 400) {
    const error = data as { code?: unknown; message?: unknown };
    throw new PayApiError(answer.status, String(error.code ?? "UNKNOWN"), String(error.message ?? ""));
  }
  return schema.parse(data);
}
