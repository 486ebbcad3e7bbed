// The two lines the agent who takes over from the bot reads first: what the customer wants, in
// their latest words, and why the bot stepped aside (with the order it looked at, if any).
import type { Intent } from "../triage/intent-model";

export type HandoffReason =
  | "steering"
  | "asked"
  | "intent"
  | "negative"
  | "unsure"
  | "unanswered"
  | "window"
  | "order_needs_person"
  | "parcel_late"
  | "parcel_problem"
  | "not_theirs"
  | "not_text"
  | "no_reply"
  | "bot_off";

export const INTENT_LABEL: Record<Intent, string> = {
  PRE_SALE: "售前咨询",
  ORDER_STATUS: "查订单/物流",
  LOGISTICS_PROBLEM: "物流问题",
  RETURN_REFUND: "退换货/退款",
  PAYMENT: "支付问题",
  COUPON_PROMO: "优惠活动",
  COMPLAINT: "投诉",
  HUMAN_AGENT: "要求人工",
  ACCOUNT: "账号会员",
  OTHER: "其他",
};

export const HANDOFF_REASON_LABEL: Record<HandoffReason, string> = {
  steering: "消息试图指挥机器人或打听他人信息",
  asked: "客户要求人工",
  intent: "此类问题需人工处理",
  negative: "客户情绪不满",
  unsure: "机器人没有把握",
  unanswered: "连续两次未能回答",
  window: "回复次数已用完",
  order_needs_person: "订单涉及取消或退款",
  parcel_late: "订单超时未发货或包裹长时间未更新",
  parcel_problem: "包裹派送异常",
  not_theirs: "提到的单号不在该客户名下",
  not_text: "客户发来图片或文件",
  no_reply: "机器人未能及时回复",
  bot_off: "渠道已关闭机器人接待",
};

const MAX_QUOTE = 60;

export function handoffSummary(options: {
  intent: Intent | null;
  latestText: string;
  reason: HandoffReason;
  answered: number;
  orderNo?: string | null;
}): string {
  const text = options.latestText.replace(/\s+/g, " ").trim();
  const quote = text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE)}…` : text;
  const order = options.orderNo && options.reason !== "not_theirs" ? `；订单 ${options.orderNo}` : "";
  return [
    `${options.intent ? INTENT_LABEL[options.intent] : "未识别"}：“${quote || "[非文字消息]"}”`,
    `转人工：${HANDOFF_REASON_LABEL[options.reason]}；机器人已回复 ${options.answered} 次${order}`,
  ].join("\n");
}
