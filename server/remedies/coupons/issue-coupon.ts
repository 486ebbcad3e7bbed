// Issues a written coupon grant at WeChat Pay, from a job: safe to run again and at once, because
// the grant's out_request_no was fixed when it was written and WeChat Pay issues once per number.
// Issued, the coupon is told in the chat: a message through the open window, and a timeline event
// either way. A refusal retrying cannot change (budget used up, the customer's limit reached, the
// stock stopped) fails the grant with WeChat Pay's reason; anything else is thrown for a retry.

import { publishConversationChanges } from "../../conversations/publish-conversation";
import { insertTimelineEvents } from "../../conversations/timeline-events";
import { db } from "../../db/db";
import { prismaSql } from "../../db/prisma-sql";
import { createLogger } from "../../logger";
import { merchantOf } from "../../payments/wechatpay/merchant";
import { PayApiError } from "../../payments/wechatpay/pay-client";
import { failUndone } from "../fail-undone";
import { publishRemedyChange } from "../publish-remedies";
import { sendCoupon } from "./coupon-api";
import { tellCouponInChat } from "./coupon-message";

const log = createLogger("coupons");

/** Codes WeChat Pay answers for a request that may succeed later unchanged. */
const TRANSIENT_CODES = new Set(["SYSTEM_ERROR", "FREQUENCY_LIMITED", "SIGN_ERROR"]);

function isFinalRefusal(error: unknown): error is PayApiError {
  return (
    error instanceof PayApiError &&
    error.verified &&
    error.status >= 400 &&
    error.status < 500 &&
    !TRANSIENT_CODES.has(error.code)
  );
}

export async function issueCoupon(grantId: string): Promise<"sent" | "failed" | "skipped"> {
  const grant = await db().couponGrant.findUnique({
    where: { id: grantId },
    include: { couponStock: true, remedy: { select: { requestedById: true } } },
  });
  if (grant?.status !== "PENDING") return "skipped";
  const merchant = await merchantOf(grant.couponStock.mchId);
  if (!merchant)
    throw new Error(`merchant ${grant.couponStock.mchId} is not configured; coupon ${grant.outRequestNo} waits`);
  let couponId: string;
  try {
    ({ coupon_id: couponId } = await sendCoupon(merchant, {
      openid: grant.openid,
      stockId: grant.couponStock.stockId,
      outRequestNo: grant.outRequestNo,
      appId: grant.appId,
      creatorMchId: grant.couponStock.creatorMchId,
    }));
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    if (!isFinalRefusal(error)) {
      await db().couponGrant.update({ where: { id: grant.id }, data: { failureReason: reason } });
      throw error;
    }
    log.warn({ grantId, reason }, "WeChat Pay refused the coupon");
    await failUndone({ couponGrantId: grant.id }, reason);
    return "failed";
  }
  const now = new Date();
  const events = await db().$transaction(async (tx) => {
    const moved = await tx.couponGrant.updateMany({
      where: { id: grant.id, status: "PENDING" },
      data: { status: "SENT", couponId, sentAt: now, failureReason: null },
    });
    if (moved.count !== 1 || !grant.conversationId) return [];
    return insertTimelineEvents(
      prismaSql(tx),
      [
        {
          conversationId: grant.conversationId,
          content: {
            type: "EVENT",
            event: "coupon_issued",
            detail: grant.couponStock.name,
            coupon: { couponId, amountFen: grant.amountFen, minimumFen: grant.minimumFen },
          },
        },
      ],
      now,
    );
  });
  if (grant.conversationId && events.length > 0) {
    await publishConversationChanges([{ conversationId: grant.conversationId, messages: events }]);
    if (grant.remedy) await tellCouponInChat(grant, grant.remedy.requestedById);
  }
  await publishRemedyChange({ customerId: grant.customerId, orderId: null, anomalyId: grant.anomalyId });
  return "sent";
}
