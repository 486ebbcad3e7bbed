// What the offline classifier sees in a message: jieba's words, and the characters' bigrams and
// trigrams (robust to typos, missing spaces and words jieba does not know), after the message is
// normalised: full-width to ASCII, lower case, and every order, tracking or long number replaced by
// a placeholder, so "SF1234…" and "LD2026…" teach the model a kind, not a number.
import { jiebaCutter as cutter } from "../../search/jieba";
import { type ExtractedNumbers, extractNumbers } from "./extract-numbers";

/**
 * Word families of customer service, each a feature of its own: with a few hundred examples, "退钱",
 * "退款" and "tk" must teach the model one thing, not three. Colloquial, Cantonese and English forms
 * are in the families; the model still weighs them against everything else in the message.
 */
const FAMILIES: [string, RegExp][] = [
  [
    "presale",
    /有货|现货|库存|补货|尺码|码数|多大|材质|质量|颜色|色差|容量|保温|保冷|适合|推荐|区别|正品|刻字|礼盒|能不能用|能放|机洗|缩水|size|stock|有冇貨/,
  ],
  [
    "status",
    /到哪|发货|发了|寄出|寄了|物流|进度|什么时候到|啥时候到|几号|多久.*到|派送|签收了吗|单号|查一?下|催|where is|shipped|tracking|發咗|幾時到|到咗/,
  ],
  [
    "problem",
    /没动|不动|不更新|丢|破|碎|坏|漏|少发|发错|送错|没收到|拒收|退回|延误|异常|湿|空盒|划痕|压扁|地址.{0,4}(错|改|不对|不详)|改.{0,2}地址|卡在|damaged|wrong item|lost|爛|不成功|派送失败/,
  ],
  [
    "refund",
    /退货|退款|退钱|退了|换货|换个|换成|换大|换小|售后|取消|不要了|不想要|无理由|运费险|退回来|refund|return|exchange|退貨|tk/,
  ],
  [
    "payment",
    /付款|付了|付不了|支付|扣款|扣了|扣钱|多扣|重复扣|发票|专票|花呗|分期|信用卡|支付宝|转账|代付|payment|charged|invoice|俾咗錢|扣咗|zf|限额/,
  ],
  [
    "promo",
    /券|优惠|折扣|满减|红包|活动|秒杀|赠品|抵扣|半价|打折|拼团|团购|立减|coupon|discount|yhq|優惠|折扣碼|便宜点/,
  ],
  [
    "complaint",
    /投诉|差评|垃圾|骗|曝光|12315|消协|报警|起诉|恶心|太差|失望|欺负|坑|气死|受够|无语|赔偿|举报|tmd|worst|report|投訴|差到爆|什么态度|破服务|倒闭|说法|不给我解决|耍我/,
  ],
  ["human", /人工|真人|转接|机器人|客服电话|负责人|工作人员|human|real person|agent|someone|活人|^rg$|找客服|客服小/],
  [
    "account",
    /会员|积分|等级|注册|登录|登陆|登不上|绑定|解绑|改绑|密码|账号|验证码|注销|实名|头像|个人信息|points|log in|membership|會員|積分|vip/,
  ],
  [
    "greeting",
    /^(你好|您好|在吗|在不在|谢谢|多谢|好的|嗯+|ok|okay|hi|hello|thanks|thx|拜拜|收到|明白|知道了|行|可以|亲|哈哈|👍|唔該|好嘅|没事了)/,
  ],
];

const WORDLIKE = /[\p{L}\p{N}\p{Extended_Pictographic}?？!！]/u;

function normalizeForFeatures(text: string, { orderNo, trackingNo }: ExtractedNumbers): string {
  let normalized = text.normalize("NFKC").toLowerCase().slice(0, 500);
  if (trackingNo) normalized = `${normalized} ‹tracking›`;
  if (orderNo) normalized = `${normalized} ‹order›`;
  return normalized
    .replace(/[a-z]{0,4}\d[\da-z\s-]{6,}\d/g, " ‹num› ")
    .replace(/\s+/g, " ")
    .trim();
}

/** `numbers`: the message's, when the caller has them already (triage extracts them once). */
export function featuresOf(text: string, numbers: ExtractedNumbers = extractNumbers(text)): string[] {
  const normalized = normalizeForFeatures(text, numbers);
  const features = new Set<string>();
  for (const word of cutter().cut(normalized, false)) {
    const token = word.trim();
    if (token && WORDLIKE.test(token)) features.add(`w:${token}`);
  }
  const chars = [...normalized.replace(/\s+/g, "")];
  for (let i = 0; i < chars.length; i += 1) {
    if (i + 1 < chars.length) features.add(`b:${chars[i]}${chars[i + 1]}`);
    if (i + 2 < chars.length) features.add(`t:${chars[i]}${chars[i + 1]}${chars[i + 2]}`);
  }
  if (chars.length <= 4) features.add("len:short");
  for (const [family, pattern] of FAMILIES) if (pattern.test(normalized)) features.add(`k:${family}`);
  return [...features];
}
