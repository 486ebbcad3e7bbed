// WeChat Pay API v3 as the sandbox plays it (api.mch.weixin.qq.com): every request must carry the
// merchant's WECHATPAY2-SHA256-RSA2048 Authorization, checked against its registered public key;
// orders the sandbox's customers paid answer the order query, others ORDER_NOT_EXIST.
import { createPublicKey, type KeyObject, verify } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export type SandboxPayMerchant = { mchId: string; appId: string; publicKeyPem: string };

export type SandboxTransaction = {
  outTradeNo: string;
  transactionId: string;
  totalFen: number;
  openid: string;
  paidAt: Date;
};

const AUTHORIZATION = /^WECHATPAY2-SHA256-RSA2048 (.+)$/;

function parseAuthorization(value: string | undefined): Record<string, string> | null {
  const match = AUTHORIZATION.exec(value ?? "");
  if (!match?.[1]) return null;
  const fields: Record<string, string> = {};
  for (const part of match[1].split(",")) {
    const pair = /^\s*(\w+)="([^"]*)"\s*$/.exec(part);
    if (pair?.[1] && pair[2] !== undefined) fields[pair[1]] = pair[2];
  }
  return fields;
}

export class WechatPayFake {
  private readonly merchantKey: KeyObject;
  private readonly transactions = new Map<string, SandboxTransaction>();
  readonly calls: { method: string; path: string }[] = [];

  constructor(readonly merchant: SandboxPayMerchant) {
    this.merchantKey = createPublicKey(merchant.publicKeyPem);
  }

  /** A customer paid: the order query now finds the payment (whether or not its notification arrives). */
  pay(transaction: SandboxTransaction): void {
    this.transactions.set(transaction.outTradeNo, transaction);
  }

  private authorized(req: IncomingMessage, pathWithQuery: string, body: string): boolean {
    const fields = parseAuthorization(req.headers.authorization);
    if (!fields?.signature || fields.mchid !== this.merchant.mchId) return false;
    const message = `${req.method}\n${pathWithQuery}\n${fields.timestamp}\n${fields.nonce_str}\n${body}\n`;
    try {
      return verify("RSA-SHA256", Buffer.from(message), this.merchantKey, Buffer.from(fields.signature, "base64"));
    } catch {
      return false;
    }
  }

  /** Handles /v3/* requests (path without the /wechatpay prefix); answers false for others. */
  async handle(pathWithQuery: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (!url.pathname.startsWith("/wechatpay/v3/")) return false;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    this.calls.push({ method: req.method ?? "", path: pathWithQuery });
    const answer = (status: number, data: object) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(data));
    };
    if (!this.authorized(req, pathWithQuery, body)) {
      answer(401, { code: "SIGN_ERROR", message: "签名错误" });
      return true;
    }
    const query = /^\/v3\/pay\/transactions\/out-trade-no\/([^/?]+)$/.exec(url.pathname.slice("/wechatpay".length));
    if (req.method === "GET" && query?.[1]) {
      if (url.searchParams.get("mchid") !== this.merchant.mchId) {
        answer(400, { code: "PARAM_ERROR", message: "mchid 与请求商户号不一致" });
        return true;
      }
      const paid = this.transactions.get(decodeURIComponent(query[1]));
      if (!paid) {
        answer(404, { code: "ORDER_NOT_EXIST", message: "订单不存在" });
        return true;
      }
      answer(200, {
        mchid: this.merchant.mchId,
        appid: this.merchant.appId,
        out_trade_no: paid.outTradeNo,
        transaction_id: paid.transactionId,
        trade_type: "JSAPI",
        trade_state: "SUCCESS",
        trade_state_desc: "支付成功",
        bank_type: "OTHERS",
        success_time: paid.paidAt.toISOString().replace(/\.\d{3}Z$/, "+00:00"),
        payer: { openid: paid.openid },
        amount: { total: paid.totalFen, payer_total: paid.totalFen, currency: "CNY", payer_currency: "CNY" },
      });
      return true;
    }
    answer(404, { code: "RESOURCE_NOT_EXISTS", message: `sandbox has no ${req.method} ${url.pathname}` });
    return true;
  }
}
