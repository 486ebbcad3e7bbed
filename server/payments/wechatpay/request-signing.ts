// ref: https://pay.weixin.qq.com/docs/merchant/development/interface-rules/signature-generation.html
// A request to WeChat Pay API v3 is signed with the merchant's API private key over
// "METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n" (docs/wechat-protocols.md §4.1).
import { createPrivateKey, createSign, type KeyObject, randomBytes } from "node:crypto";

export type RequestSigner = { mchId: string; certSerial: string; privateKey: KeyObject };

export function createRequestSigner(options: {
  mchId: string;
  certSerial: string;
  privateKeyPem: string;
}): RequestSigner {
  return { mchId: options.mchId, certSerial: options.certSerial, privateKey: createPrivateKey(options.privateKeyPem) };
}

/** The string WeChat Pay signs and checks, exactly: every line ends with \n, an empty body too. */
export function signingMessage(request: {
  method: string;
  pathWithQuery: string;
  timestamp: string;
  nonce: string;
  body: string;
}): string {
  return `${request.method}\n${request.pathWithQuery}\n${request.timestamp}\n${request.nonce}\n${request.body}\n`;
}

/** The Authorization header for one request. */
export function authorizationHeader(
  signer: RequestSigner,
  request: { method: "GET" | "POST"; pathWithQuery: string; body: string; timestamp?: string; nonce?: string },
): string {
  const timestamp = request.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = request.nonce ?? randomBytes(16).toString("hex").toUpperCase();
  const signature = createSign("RSA-SHA256")
    .update(signingMessage({ ...request, timestamp, nonce }))
    .sign(signer.privateKey, "base64");
  return `WECHATPAY2-SHA256-RSA2048 mchid="${signer.mchId}",nonce_str="${nonce}",timestamp="${timestamp}",serial_no="${signer.certSerial}",signature="${signature}"`;
}
