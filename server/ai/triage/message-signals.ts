// What a message says besides its intent: how urgent it is, how the customer feels, and whether it
// tries to steer the bot (instructions to the assistant, another customer's data). Rules, not the
// model: a few words decide these, and they must never be learned away.

export type Urgency = "low" | "normal" | "high" | "urgent";
export type Sentiment = "negative" | "neutral" | "positive";

/** Threats to go to the authorities, the press or court: someone must act now. */
const THREAT = /12315|消协|消费者协会|报警|起诉|法院|律师|曝光|媒体|黑猫|平台介入|工商|report you|lawyer|sue/i;
const HURRY = /急|马上|立刻|赶紧|尽快|今天(必须|一定)|等着用|急用|快点|催|asap|urgent|right now/i;
const NEGATIVE =
  /差|烂|坑|气|怒|失望|垃圾|骗|无语|投诉|差评|恶心|太慢|坏了|碎了|怎么回事|搞什么|什么意思|受够|耍我|tmd|shit|worst|terrible|angry|[?？]{2,}|[!！]{2,}|爛|嬲/i;
const POSITIVE = /谢谢|感谢|多谢|好评|满意|不错|喜欢|赞|👍|辛苦|thank|great|love|唔該|好嘢/i;

/**
 * Attempts to instruct the assistant or reach beyond this customer's own data. Such a message is
 * handed to a person whatever else it asks; nothing in it is acted on.
 */
const STEERING: RegExp[] = [
  /(忽略|无视|忘记|忘掉|不要管).{0,8}(之前|以上|前面|上面|所有|先前|刚才).{0,6}(指令|指示|规则|设定|提示|要求|对话)/,
  /(你现在|从现在开始你|现在开始你|假装你|请你扮演|你来扮演).{0,6}(是|扮演|当|作为)/,
  /(系统|system).{0,4}(提示|prompt|指令)|提示词|prompt/i,
  /ignore.{0,20}(previous|above|prior|all).{0,20}(instruction|prompt|rule)/i,
  /(you are now|act as|pretend to be|developer mode|jailbreak|越狱|开发者模式)/i,
  /(管理员|admin|超级用户|root).{0,6}(权限|模式|身份|账号)?|我是(你们的)?(管理员|老板|开发|工程师|客服主管)/i,
  /(把|将|帮我把)?.{0,10}(订单|这单|退款|状态).{0,6}(标记|改|设置|设为|修改)(为|成)/,
  /标记为已(退款|发货|付款)|直接(给我)?退款|修改(价格|金额|订单金额)|免单|改成0元/,
  /(别人|其他(客户|用户|人|顾客)|他人|所有(用户|客户|顾客|人)|隔壁|另一个(客户|用户))的?.{0,8}(订单|信息|手机|电话|地址|资料|记录|数据)/,
  /(手机号|电话)(是|为)?\s*1[3-9]\d{9}.{0,8}(的)?(订单|地址|信息)/,
  /(查|看|告诉我).{0,6}(他|她|别人|这个人|那个人)的.{0,6}(订单|地址|电话|手机|信息)/,
  /(输出|显示|打印|告诉我|重复).{0,6}(你的)?(提示|设定|规则|指令|系统消息)|your (instructions|system prompt|rules)/i,
];

export function isSteering(text: string): boolean {
  const normalized = text.normalize("NFKC");
  return STEERING.some((pattern) => pattern.test(normalized));
}

export function sentimentOf(text: string, intent: string): Sentiment {
  if (intent === "COMPLAINT" || NEGATIVE.test(text) || THREAT.test(text)) return "negative";
  return POSITIVE.test(text) ? "positive" : "neutral";
}

export function urgencyOf(text: string, intent: string, sentiment: Sentiment): Urgency {
  if (THREAT.test(text) || (intent === "COMPLAINT" && HURRY.test(text))) return "urgent";
  if (HURRY.test(text) || intent === "COMPLAINT" || (sentiment === "negative" && intent === "LOGISTICS_PROBLEM")) {
    return "high";
  }
  if (intent === "OTHER" || intent === "PRE_SALE" || intent === "ACCOUNT") return "low";
  return "normal";
}
