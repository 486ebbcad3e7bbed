// WeChat Pay's cash coupons (代金券, docs/wechat-protocols.md §6) as the sandbox plays them: stocks with
// a budget, a per-user cap and a running status; issuing is idempotent on (stock_id, out_request_no)
// and refused, with the error answers below, when the stock is not running, its budget is used up,
// the customer reached their cap, or the appid or creator merchant do not match the stock. WeChat
// does not publish these error codes; the sandbox answers with the ones merchants report seeing.
import { randomInt } from "node:crypto";

export type SandboxCouponStock = {
  stockId: string;
  creatorMchId: string;
  appId: string;
  name: string;
  amountFen: number;
  minimumFen: number;
  /** How many coupons the stock may issue in all. */
  maxCoupons: number;
  maxPerUser: number;
  status: "running" | "paused" | "stoped";
};

export type SandboxCoupon = {
  couponId: string;
  stockId: string;
  openid: string;
  outRequestNo: string;
  status: "SENDED" | "USED" | "EXPIRED";
  createdAt: Date;
};

type Answer = { status: number; data: object };

const refuse = (status: number, code: string, message: string): Answer => ({ status, data: { code, message } });

export class CouponsFake {
  readonly stocks = new Map<string, SandboxCouponStock>();
  readonly coupons = new Map<string, SandboxCoupon>();

  addStock(stock: SandboxCouponStock): void {
    this.stocks.set(stock.stockId, stock);
  }

  couponsOf(openid: string): SandboxCoupon[] {
    return [...this.coupons.values()].filter((coupon) => coupon.openid === openid);
  }

  /** The customer pays with one of their coupons: it is used, and the payment names it (promotion_detail). */
  spendBestCoupon(openid: string, totalFen: number): { coupon: SandboxCoupon; stock: SandboxCouponStock } | null {
    for (const coupon of this.couponsOf(openid)) {
      const stock = this.stocks.get(coupon.stockId);
      if (coupon.status !== "SENDED" || !stock || totalFen < Math.max(stock.minimumFen, stock.amountFen + 1)) continue;
      coupon.status = "USED";
      return { coupon, stock };
    }
    return null;
  }

  /** POST /v3/marketing/favor/users/{openid}/coupons, for the calling merchant. */
  send(openid: string, body: string, callerMchId: string): Answer {
    let request: { stock_id?: unknown; out_request_no?: unknown; appid?: unknown; stock_creator_mchid?: unknown };
    try {
      request = JSON.parse(body);
    } catch {
      return refuse(400, "PARAM_ERROR", "请求体不是合法的 JSON");
    }
    const { stock_id: stockId, out_request_no: outRequestNo, appid, stock_creator_mchid: creator } = request;
    if (typeof stockId !== "string" || typeof outRequestNo !== "string" || typeof appid !== "string") {
      return refuse(400, "PARAM_ERROR", "缺少 stock_id、out_request_no 或 appid");
    }
    if (!/^[0-9A-Za-z|_*-]{1,128}$/.test(outRequestNo)) return refuse(400, "PARAM_ERROR", "out_request_no 格式不正确");
    const stock = this.stocks.get(stockId);
    if (!stock) return refuse(404, "RESOURCE_NOT_EXISTS", "批次不存在");
    if (creator !== stock.creatorMchId) return refuse(400, "PARAM_ERROR", "stock_creator_mchid 与批次创建商户不一致");
    if (callerMchId !== stock.creatorMchId) return refuse(403, "NO_AUTH", "商户无权发放该批次");
    if (appid !== stock.appId) return refuse(400, "APPID_MCHID_NOT_MATCH", "appid 与商户号未绑定");
    const repeated = [...this.coupons.values()].find(
      (coupon) => coupon.stockId === stockId && coupon.outRequestNo === outRequestNo,
    );
    if (repeated) return { status: 200, data: { coupon_id: repeated.couponId } };
    if (stock.status !== "running") return refuse(403, "STOCK_STATUS_ERROR", "批次不在发放状态");
    const issued = [...this.coupons.values()].filter((coupon) => coupon.stockId === stockId);
    if (issued.length >= stock.maxCoupons) return refuse(403, "NOT_ENOUGH", "批次预算不足");
    if (issued.filter((coupon) => coupon.openid === openid).length >= stock.maxPerUser) {
      return refuse(403, "RULE_LIMIT", "用户领券已达上限");
    }
    const coupon: SandboxCoupon = {
      couponId: `${Date.now()}${randomInt(100_000, 999_999)}`,
      stockId,
      openid,
      outRequestNo,
      status: "SENDED",
      createdAt: new Date(),
    };
    this.coupons.set(coupon.couponId, coupon);
    return { status: 200, data: { coupon_id: coupon.couponId } };
  }

  /** GET /v3/marketing/favor/users/{openid}/coupons/{coupon_id}?appid=… */
  query(openid: string, couponId: string, appid: string | null): Answer {
    const coupon = this.coupons.get(couponId);
    const stock = coupon && this.stocks.get(coupon.stockId);
    if (!coupon || !stock || coupon.openid !== openid || appid !== stock.appId) {
      return refuse(404, "RESOURCE_NOT_EXISTS", "券不存在");
    }
    return {
      status: 200,
      data: {
        stock_creator_mchid: stock.creatorMchId,
        stock_id: stock.stockId,
        coupon_id: coupon.couponId,
        coupon_name: stock.name,
        status: coupon.status,
        coupon_type: "NORMAL",
        no_cash: false,
        singleitem: false,
        normal_coupon_information: { coupon_amount: stock.amountFen, transaction_minimum: stock.minimumFen },
      },
    };
  }
}
