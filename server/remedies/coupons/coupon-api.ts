// ref: https://pay.weixin.qq.com/doc/v3/merchant/4012463767
// WeChat Pay's cash-coupon API (代金券, docs/wechat-protocols.md §6.1): issue one coupon of a stock to
// an openid. The same out_request_no answers the coupon already issued, which makes retries safe.
import { z } from "zod";
import type { Merchant } from "../../payments/wechatpay/merchant";
import { callPayApi } from "../../payments/wechatpay/pay-client";

const issuedSchema = z.object({ coupon_id: z.string().min(1).max(64) }).loose();

export function sendCoupon(
  merchant: Merchant,
  grant: { openid: string; stockId: string; outRequestNo: string; appId: string; creatorMchId: string },
): Promise<{ coupon_id: string }> {
  return callPayApi(
    merchant,
    "POST",
    `/v3/marketing/favor/users/${encodeURIComponent(grant.openid)}/coupons`,
    {
      stock_id: grant.stockId,
      out_request_no: grant.outRequestNo,
      appid: grant.appId,
      stock_creator_mchid: grant.creatorMchId,
    },
    issuedSchema,
  );
}
