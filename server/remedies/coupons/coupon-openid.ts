// A coupon is issued to the customer's openid under the stock's appid (docs/wechat-protocols.md §6.3).
// A WeCom kf contact's external_userid is not one: the customer is found under that app through the
// identities merged into them by unionid (an Official Account follower, a mini-program user), or as
// the payer of one of their orders paid through a merchant of that app.
import { db } from "../../db/db";
import { merchantOf } from "../../payments/wechatpay/merchant";

export async function couponOpenId(customerId: string, appId: string): Promise<string | null> {
  const identity = await db().customerIdentity.findFirst({
    where: { customerId, channelAccount: { appId, kind: { in: ["OFFICIAL_ACCOUNT", "MINI_PROGRAM"] } } },
    orderBy: { updatedAt: "desc" },
    select: { externalId: true },
  });
  if (identity) return identity.externalId;
  const payments = await db().payment.findMany({
    where: { order: { customerId }, payerOpenId: { not: null } },
    orderBy: { paidAt: "desc" },
    take: 10,
    select: { payerOpenId: true, mchId: true },
  });
  for (const payment of payments) {
    if ((await merchantOf(payment.mchId))?.appId === appId) return payment.payerOpenId;
  }
  return null;
}
