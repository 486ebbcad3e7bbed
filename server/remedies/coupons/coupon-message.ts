// The issued coupon told to the customer in the chat, as the agent who gave it, when the window is
// open (outside it the timeline event is what the agent sees, and WeChat's 卡包 tells the customer).
// The client msgid is the grant's, so a retried job sends it once.
import { actingUser } from "../../auth/sessions";
import { assertReplyAllowed, sendAgentOutbound } from "../../conversations/send-agent-reply";
import { createLogger } from "../../logger";

const log = createLogger("coupons");

const yuan = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

export function couponMessageText(coupon: { name: string; amountFen: number; minimumFen: number }): string {
  const threshold = coupon.minimumFen > 0 ? `满 ${yuan(coupon.minimumFen)} 元可用` : "无门槛";
  return `送您一张「${coupon.name}」代金券：${yuan(coupon.amountFen)} 元（${threshold}），已放入您的微信卡包（我 › 服务 › 卡包 › 券），下次用微信支付时自动抵扣。`;
}

export async function tellCouponInChat(
  grant: {
    id: string;
    conversationId: string | null;
    amountFen: number;
    minimumFen: number;
    couponStock: { name: string };
  },
  requestedById: string,
): Promise<void> {
  if (!grant.conversationId) return;
  const conversationId = grant.conversationId;
  const open = await assertReplyAllowed(conversationId, new Date()).then(
    () => true,
    () => false,
  );
  const agent = open ? await actingUser(requestedById) : null;
  if (!agent) return;
  const text = couponMessageText({
    name: grant.couponStock.name,
    amountFen: grant.amountFen,
    minimumFen: grant.minimumFen,
  });
  await sendAgentOutbound(agent, conversationId, {
    clientMsgId: `cp${grant.id}`.slice(0, 32),
    compose: async () => ({ content: { type: "TEXT", text }, text }),
  }).catch((error: unknown) =>
    log.warn({ err: error, grantId: grant.id }, "the coupon was issued but not told in the chat"),
  );
}
