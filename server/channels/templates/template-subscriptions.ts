// ref: https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html
// A mini program may send a subscription message only as often as the customer accepted its template
// (wx.requestSubscribeMessage, pushed as subscribe_msg_popup_event): each acceptance allows one. The
// grants are counted here, and one is spent in the transaction that stores the message sent with it.

import { db } from "../../db/db";
import { newId } from "../../db/new-id";
import type { Prisma } from "../../generated/prisma/client";
import type { WechatRecord } from "../wechat-callback/wechat-xml";

export const SUBSCRIPTION_POPUP_EVENT = "subscribe_msg_popup_event";

/** Each template the customer accepted in one popup is one more message they may be sent. */
export async function recordSubscriptionPopup(
  channelAccountId: string,
  openId: string,
  choices: WechatRecord[],
): Promise<void> {
  const accepted = choices
    .filter((choice) => choice.SubscribeStatusString === "accept" && choice.TemplateId)
    .map((choice) => (choice.TemplateId ?? "").slice(0, 128));
  for (const templateId of accepted) {
    await db().$executeRaw`
      INSERT INTO "TemplateSubscription" (id, "channelAccountId", "openId", "templateId", remaining, "updatedAt")
      VALUES (${newId()}, ${channelAccountId}, ${openId}, ${templateId}, 1, now())
      ON CONFLICT ("channelAccountId", "openId", "templateId")
      DO UPDATE SET remaining = "TemplateSubscription".remaining + 1, "updatedAt" = now()`;
  }
}

/** Spends one of the customer's grants for the template; false when none is left. */
export async function spendSubscription(
  tx: Prisma.TransactionClient,
  key: { channelAccountId: string; openId: string; templateId: string },
): Promise<boolean> {
  const spent = await tx.templateSubscription.updateMany({
    where: { ...key, remaining: { gt: 0 } },
    data: { remaining: { decrement: 1 } },
  });
  return spent.count === 1;
}
