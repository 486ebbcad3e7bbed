// WeChat Pay API v3 as the sandbox plays it (api.mch.weixin.qq.com): every request must carry the
// merchant's WECHATPAY2-SHA256-RSA2048 Authorization, checked against its registered public key, and
// every answer is signed with the platform key. Orders the sandbox's customers paid answer the order
// query, others ORDER_NOT_EXIST. Refunds are accepted once per out_refund_no (a repeat answers the
// same refund), stay PROCESSING until settled, then succeed and are notified as REFUND.SUCCESS.
import { createPublicKey, type KeyObject, randomInt, verify } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { chinaWallClock } from "../../time/china-time";
import { buildPayNotification, type SandboxPayPlatform, signNotification } from "./build-notification";
import { CouponsFake } from "./coupons-fake";

export type SandboxPayMerchant = {
  mchId: string;
  appId: string;
  /** The merchant's API public key: requests are checked with it. */
  publicKeyPem: string;
  /** WeChat Pay's own keys: answers and notifications are signed with them. */
  platform: SandboxPayPlatform;
  /** Where refund notifications go when a request names no notify_url. */
  notifyUrl?: string;
  /** Refunds succeed on their own this long after they are accepted; unset: only settleRefunds() does. */
  settleRefundsAfterMs?: number;
};

export type SandboxRefund = {
  refundId: string;
  outRefundNo: string;
  outTradeNo: string;
  transactionId: string;
  refundFen: number;
  totalFen: number;
  reason: string | null;
  status: "PROCESSING" | "SUCCESS";
  createdAt: Date;
  successAt: Date | null;
  notifyUrl: string | null;
};

export type SandboxTransaction = {
  outTradeNo: string;
  transactionId: string;
  totalFen: number;
  openid: string;
  paidAt: Date;
  /** A cash coupon the customer paid with: the payment names it in promotion_detail. */
  coupon?: { couponId: string; stockId: string; name: string; amountFen: number };
};

/** WeChat Pay notifies again after these waits until answered: 15 retries over about 24 hours. */
const RETRY_LADDER_SECONDS = [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600];

/** WeChat Pay's time format: RFC 3339 in China time, seconds only. */
function wechatTime(at: Date): string {
  return `${chinaWallClock(at).slice(0, 19)}+08:00`;
}

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
  /** Refunds by out_refund_no, as WeChat Pay keeps them. */
  readonly refunds = new Map<string, SandboxRefund>();
  readonly calls: { method: string; path: string }[] = [];
  readonly coupons = new CouponsFake();
  /** Answers to drop after the work is done (a timeout the merchant sees while WeChat Pay refunded). */
  private answersToLose = 0;

  constructor(readonly merchant: SandboxPayMerchant) {
    this.merchantKey = createPublicKey(merchant.publicKeyPem);
  }

  /** A customer paid: the order query now finds the payment (whether or not its notification arrives). */
  pay(transaction: SandboxTransaction): void {
    this.transactions.set(transaction.outTradeNo, transaction);
  }

  /**
   * A customer paid and WeChat Pay tells the merchant: the TRANSACTION.SUCCESS notification goes to
   * the notify URL, again on WeChat Pay's retry ladder (compressed by `ladderScale`) until it is
   * answered 2xx, with `copies` sent at once the first time (WeChat Pay does deliver duplicates).
   * Returns how many deliveries it took, or null when the ladder ran out.
   */
  async notifyPayment(
    transaction: SandboxTransaction,
    options: { copies?: number; ladderScale?: number } = {},
  ): Promise<number | null> {
    this.pay(transaction);
    const url = this.merchant.notifyUrl;
    if (!url) return null;
    const notification = buildPayNotification(this.merchant.platform, {
      eventType: "TRANSACTION.SUCCESS",
      resource: this.transactionResource(transaction),
    });
    const deliver = async () => {
      // Signed anew for each delivery, as WeChat Pay does: the timestamp must stay fresh. A merchant
      // moving to the 微信支付公钥 gets some under the old certificate's serial meanwhile.
      const headers = signNotification(this.merchant.platform, notification.body, {
        by: randomInt(3) === 0 ? "certificate" : "publicKey",
      });
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: notification.body,
      }).catch(() => null);
      await response?.arrayBuffer();
      return response !== null && response.status >= 200 && response.status < 300;
    };
    const first = await Promise.all(Array.from({ length: options.copies ?? 1 }, deliver));
    if (first.some(Boolean)) return 1;
    const scale = options.ladderScale ?? 1;
    for (const [index, seconds] of RETRY_LADDER_SECONDS.entries()) {
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000 * scale).unref());
      if (await deliver()) return index + 2;
    }
    return null;
  }

  private transactionResource(paid: SandboxTransaction) {
    return {
      mchid: this.merchant.mchId,
      appid: this.merchant.appId,
      out_trade_no: paid.outTradeNo,
      transaction_id: paid.transactionId,
      trade_type: "JSAPI",
      trade_state: "SUCCESS",
      trade_state_desc: "支付成功",
      bank_type: "OTHERS",
      success_time: wechatTime(paid.paidAt),
      payer: { openid: paid.openid },
      amount: {
        total: paid.totalFen,
        payer_total: paid.totalFen - (paid.coupon?.amountFen ?? 0),
        currency: "CNY",
        payer_currency: "CNY",
      },
      ...(paid.coupon
        ? {
            promotion_detail: [
              {
                coupon_id: paid.coupon.couponId,
                name: paid.coupon.name,
                scope: "GLOBAL",
                type: "CASH",
                amount: paid.coupon.amountFen,
                stock_id: paid.coupon.stockId,
                wechatpay_contribute: 0,
                merchant_contribute: paid.coupon.amountFen,
                other_contribute: 0,
                currency: "CNY",
              },
            ],
          }
        : {}),
    };
  }

  hasTransaction(transactionId: string): boolean {
    return [...this.transactions.values()].some((transaction) => transaction.transactionId === transactionId);
  }

  /** The next `count` refund applications are carried out but answered 500, as if the answer was lost. */
  loseNextAnswers(count: number): void {
    this.answersToLose = count;
  }

  /** Every PROCESSING refund succeeds now, and its REFUND.SUCCESS notification is sent. */
  async settleRefunds(): Promise<SandboxRefund[]> {
    const settled = [...this.refunds.values()].filter((refund) => refund.status === "PROCESSING");
    for (const refund of settled) {
      refund.status = "SUCCESS";
      refund.successAt = new Date();
    }
    await Promise.all(settled.map((refund) => this.notifyRefund(refund)));
    return settled;
  }

  private async notifyRefund(refund: SandboxRefund): Promise<void> {
    const url = refund.notifyUrl ?? this.merchant.notifyUrl;
    if (!url) return;
    const notification = buildPayNotification(this.merchant.platform, {
      eventType: "REFUND.SUCCESS",
      resource: {
        mchid: this.merchant.mchId,
        out_trade_no: refund.outTradeNo,
        transaction_id: refund.transactionId,
        out_refund_no: refund.outRefundNo,
        refund_id: refund.refundId,
        refund_status: "SUCCESS",
        success_time: wechatTime(refund.successAt ?? new Date()),
        user_received_account: "支付用户零钱",
        amount: {
          total: refund.totalFen,
          refund: refund.refundFen,
          payer_total: refund.totalFen,
          payer_refund: refund.refundFen,
        },
      },
    });
    // WeChat Pay retries a failed notification on its ladder; the sandbox's query answers meanwhile.
    await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...notification.headers },
      body: notification.body,
    }).catch(() => undefined);
  }

  private refundAnswer(refund: SandboxRefund) {
    return {
      refund_id: refund.refundId,
      out_refund_no: refund.outRefundNo,
      transaction_id: refund.transactionId,
      out_trade_no: refund.outTradeNo,
      channel: "ORIGINAL",
      user_received_account: "支付用户零钱",
      ...(refund.successAt ? { success_time: wechatTime(refund.successAt) } : {}),
      create_time: wechatTime(refund.createdAt),
      status: refund.status,
      funds_account: "AVAILABLE",
      amount: {
        total: refund.totalFen,
        refund: refund.refundFen,
        payer_total: refund.totalFen,
        payer_refund: refund.refundFen,
        settlement_refund: refund.refundFen,
        settlement_total: refund.totalFen,
        discount_refund: 0,
        currency: "CNY",
      },
    };
  }

  private applyForRefund(body: string): { status: number; data: object } {
    let request: {
      transaction_id?: string;
      out_trade_no?: string;
      out_refund_no?: string;
      reason?: string;
      notify_url?: string;
      amount?: { refund?: number; total?: number; currency?: string };
    };
    try {
      request = JSON.parse(body);
    } catch {
      return { status: 400, data: { code: "PARAM_ERROR", message: "请求体不是合法的 JSON" } };
    }
    const refundFen = request.amount?.refund;
    if (!request.out_refund_no || !Number.isInteger(refundFen) || !Number.isInteger(request.amount?.total)) {
      return { status: 400, data: { code: "PARAM_ERROR", message: "缺少 out_refund_no 或 amount" } };
    }
    const paid = [...this.transactions.values()].find(
      (transaction) =>
        transaction.transactionId === request.transaction_id || transaction.outTradeNo === request.out_trade_no,
    );
    if (!paid) return { status: 404, data: { code: "RESOURCE_NOT_EXISTS", message: "订单不存在" } };
    const existing = this.refunds.get(request.out_refund_no);
    if (existing) {
      return existing.refundFen === refundFen
        ? { status: 200, data: this.refundAnswer(existing) }
        : { status: 400, data: { code: "INVALID_REQUEST", message: "同一 out_refund_no 的退款金额不一致" } };
    }
    if (request.amount?.total !== paid.totalFen) {
      return { status: 400, data: { code: "PARAM_ERROR", message: "订单金额与原订单不一致" } };
    }
    const refunded = [...this.refunds.values()]
      .filter((refund) => refund.outTradeNo === paid.outTradeNo)
      .reduce((sum, refund) => sum + refund.refundFen, 0);
    if ((refundFen as number) <= 0 || refunded + (refundFen as number) > paid.totalFen) {
      return { status: 400, data: { code: "INVALID_REQUEST", message: "申请退款金额超过订单可退金额" } };
    }
    const refund: SandboxRefund = {
      refundId: `50000${Date.now()}${randomInt(100_000, 999_999)}`,
      outRefundNo: request.out_refund_no,
      outTradeNo: paid.outTradeNo,
      transactionId: paid.transactionId,
      refundFen: refundFen as number,
      totalFen: paid.totalFen,
      reason: request.reason ?? null,
      status: "PROCESSING",
      createdAt: new Date(),
      successAt: null,
      notifyUrl: request.notify_url ?? null,
    };
    this.refunds.set(refund.outRefundNo, refund);
    const settleAfter = this.merchant.settleRefundsAfterMs;
    if (settleAfter !== undefined) {
      setTimeout(() => {
        if (refund.status !== "PROCESSING") return;
        refund.status = "SUCCESS";
        refund.successAt = new Date();
        void this.notifyRefund(refund);
      }, settleAfter).unref();
    }
    return { status: 200, data: this.refundAnswer(refund) };
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
      const text = JSON.stringify(data);
      const signature = signNotification(this.merchant.platform, text);
      res.writeHead(status, {
        "content-type": "application/json",
        "request-id": `sandbox-${randomInt(1_000_000_000)}`,
        "wechatpay-timestamp": signature["wechatpay-timestamp"],
        "wechatpay-nonce": signature["wechatpay-nonce"],
        "wechatpay-signature": signature["wechatpay-signature"],
        "wechatpay-serial": signature["wechatpay-serial"],
      });
      res.end(text);
    };
    if (!this.authorized(req, pathWithQuery, body)) {
      answer(401, { code: "SIGN_ERROR", message: "签名错误" });
      return true;
    }
    const path = url.pathname.slice("/wechatpay".length);
    if (req.method === "POST" && path === "/v3/refund/domestic/refunds") {
      const result = this.applyForRefund(body);
      if (result.status === 200 && this.answersToLose > 0) {
        this.answersToLose -= 1;
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ code: "SYSTEM_ERROR", message: "系统超时" }));
        return true;
      }
      answer(result.status, result.data);
      return true;
    }
    const couponSend = /^\/v3\/marketing\/favor\/users\/([^/]+)\/coupons$/.exec(path);
    if (req.method === "POST" && couponSend?.[1]) {
      const result = this.coupons.send(decodeURIComponent(couponSend[1]), body, this.merchant.mchId);
      answer(result.status, result.data);
      return true;
    }
    const couponQuery = /^\/v3\/marketing\/favor\/users\/([^/]+)\/coupons\/([^/]+)$/.exec(path);
    if (req.method === "GET" && couponQuery?.[1] && couponQuery[2]) {
      const result = this.coupons.query(
        decodeURIComponent(couponQuery[1]),
        decodeURIComponent(couponQuery[2]),
        url.searchParams.get("appid"),
      );
      answer(result.status, result.data);
      return true;
    }
    const refundQuery = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(path);
    if (req.method === "GET" && refundQuery?.[1]) {
      const refund = this.refunds.get(decodeURIComponent(refundQuery[1]));
      if (!refund) answer(404, { code: "RESOURCE_NOT_EXISTS", message: "退款单不存在" });
      else answer(200, this.refundAnswer(refund));
      return true;
    }
    const query = /^\/v3\/pay\/transactions\/out-trade-no\/([^/?]+)$/.exec(path);
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
      answer(200, this.transactionResource(paid));
      return true;
    }
    answer(404, { code: "RESOURCE_NOT_EXISTS", message: `sandbox has no ${req.method} ${url.pathname}` });
    return true;
  }
}
