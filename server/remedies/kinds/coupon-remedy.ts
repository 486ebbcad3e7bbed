// A WeChat Pay cash coupon as a remedy: one coupon of an active stock to the customer's openid under
// the stock's appid. The grant is written with its out_request_no here, and issued by a job.
import { randomBytes } from "node:crypto";
import { db } from "../../db/db";
import { AppError, localized } from "../../errors";
import { enqueue } from "../../jobs/enqueue";
import { createLogger } from "../../logger";
import { merchantOf } from "../../payments/wechatpay/merchant";
import { couponOpenId } from "../coupons/coupon-openid";
import type { RemedyKindHandler } from "./remedy-kind";

const log = createLogger("remedies");

/** out_request_no as WeChat Pay suggests it, mchid + date + serial: [0-9A-Za-z], at most 128. */
function newOutRequestNo(mchId: string, now: Date): string {
  return `${mchId}${now.toISOString().slice(0, 10).replaceAll("-", "")}${randomBytes(8).toString("hex")}`;
}

async function activeStock(couponStockId: string) {
  const stock = await db().couponStock.findFirst({ where: { id: couponStockId, active: true } });
  if (!stock) throw new AppError("NOT_FOUND", localized("error.couponStockNotFound"));
  return stock;
}

async function openIdFor(customerId: string, appId: string): Promise<string> {
  const openid = await couponOpenId(customerId, appId);
  if (!openid) throw new AppError("CONFLICT", localized("error.couponNoOpenId"));
  return openid;
}

async function latestConversationId(customerId: string): Promise<string | null> {
  const latest = await db().conversation.findFirst({
    where: { customerId },
    orderBy: { lastActivityAt: "desc" },
    select: { id: true },
  });
  return latest?.id ?? null;
}

export const couponRemedy: RemedyKindHandler<{ couponStockId: string }> = {
  async plan(target, input) {
    const stock = await activeStock(input.couponStockId);
    if (!(await merchantOf(stock.mchId))?.signer) {
      throw new AppError("UNAVAILABLE", localized("error.wechatPayNotConfigured"));
    }
    await openIdFor(target.customerId, stock.appId);
    return { costFen: stock.amountFen, shareOfOrder: target.order !== null, couponStockId: stock.id };
  },
  async prepare(draft) {
    if (!draft.couponStockId) throw new AppError("NOT_FOUND", localized("error.couponStockNotFound"));
    const stock = await activeStock(draft.couponStockId);
    const openid = await openIdFor(draft.customerId, stock.appId);
    // Told in the chat: the one it was given from, else the customer's latest.
    const conversationId = draft.conversationId ?? (await latestConversationId(draft.customerId));
    return async (tx, remedy) => {
      const grant = await tx.couponGrant.create({
        data: {
          outRequestNo: newOutRequestNo(stock.mchId, new Date()),
          openid,
          appId: stock.appId,
          amountFen: stock.amountFen,
          minimumFen: stock.minimumFen,
          couponStockId: stock.id,
          customerId: remedy.customerId,
          conversationId,
          anomalyId: remedy.anomalyId,
        },
        select: { id: true },
      });
      return { couponGrantId: grant.id };
    };
  },
  async afterCommit(link) {
    if (!("couponGrantId" in link)) return;
    // Lost only if the process dies right here; the remedies sweep issues what was never issued.
    await enqueue("remedies.issue-coupon", { grantId: link.couponGrantId }, { singletonKey: link.couponGrantId }).catch(
      (error: unknown) =>
        log.warn({ err: error, grantId: link.couponGrantId }, "coupon not queued; the sweep issues it"),
    );
  },
};
