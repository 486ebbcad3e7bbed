// The order number and the tracking number a customer's message mentions, as the shop and the
// carrier wrote them. Customers type them every way: full-width digits (１２３), spaces or dashes
// inside (SF 1234 5678 9012, 7754-3212-8890), lower case, beside phone numbers, amounts and dates
// that are none of them. A tracking number is told by its carrier's format or the words before it;
// an order number by the words before it or by looking like one (long, not a carrier's format).

export type ExtractedNumbers = { orderNo: string | null; trackingNo: string | null; carrier: string | null };

/** Carriers' tracking-number formats, by Kuaidi100 company code (server/logistics/carriers.ts). */
const TRACKING_FORMATS: [string, RegExp][] = [
  ["shunfeng", /^SF\d{12,13}$/],
  ["jtexpress", /^JT\d{13}$/],
  ["yuantong", /^YT\d{13,15}$/],
  ["jd", /^JD[A-Z0-9]{11,16}$/],
  ["debangkuaidi", /^DPK\d{12}$/],
  ["ems", /^[A-Z]{2}\d{9}CN$/],
  ["zhongtong", /^(?:7[0-9]|5[0-9]|6[0-9])\d{10}$/],
  ["yunda", /^(?:4[0-9]|3[0-9]|1[0-2])\d{11}$/],
  ["shentong", /^(?:77|66|88|55|36|26|22)\d{11}$/],
  ["youzhengguonei", /^(?:98|97|99)\d{11}$/],
];

/** A number the words just before it call a parcel's. */
const TRACKING_WORDS =
  /(快递单号|运单号|快递号|物流单号|单号是快递|快递|物流号|运单|waybill|tracking)\s*(?:号码|编号|号)?\s*[:：是为]?\s*$/i;
/** A number the words just before it call an order's. */
const ORDER_WORDS = /(订单号|订单编号|订单|单号|order\s*(?:no|number|id)?)\s*(?:号码|编号|号)?\s*[:：是为#]?\s*$/i;
/** Money just before or after a number. */
const MONEY_BEFORE = /(?:[¥￥$]|rmb|人民币)\s*$/i;
const MONEY_AFTER = /^\s*(?:元|块|rmb|¥|￥)/i;

const PHONE = /^(?:\+?86)?1[3-9]\d{9}$/;
const LANDLINE = /^0\d{9,11}$/;
const DATE = /^(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])?(?:[0-5]\d){0,2}$/;

/** Full-width digits and letters become ASCII; spaces and dashes inside a number are dropped. */
export function normalizeNumbers(text: string): string {
  const ascii = text.normalize("NFKC");
  // Groups of 3–6 digits joined by one space or dash are one number someone split for reading, and
  // a carrier's letters may stand apart from the digits (SF 1234…).
  return ascii.replace(
    /((?:(?:SF|JT|YT|JD|DPK)[ \-‐–—_]?)?[A-Za-z]{0,4}\d{2,})((?:[ \-‐–—_]\d{3,6}){0,5})(?!\d)/gi,
    (run, head: string, rest: string) => (/[ \-‐–—_]/.test(head) || rest ? run.replace(/[ \-‐–—_]/g, "") : run),
  );
}

function carrierOf(candidate: string): string | null {
  for (const [carrier, format] of TRACKING_FORMATS) if (format.test(candidate)) return carrier;
  return null;
}

type Candidate = { value: string; before: string; after: string };

function candidatesIn(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of text.matchAll(/(?<![A-Za-z0-9])([A-Za-z]{0,4}\d[\dA-Za-z]{7,27})(?![A-Za-z0-9])/g)) {
    const start = match.index ?? 0;
    const raw = match[1] ?? "";
    found.push({
      value: raw.toUpperCase(),
      before: text.slice(Math.max(0, start - 12), start),
      after: text.slice(start + raw.length, start + raw.length + 4),
    });
  }
  return found;
}

/** What a candidate is, or null for a phone, an amount, a date or a number too short to be either. */
function kindOf(candidate: Candidate): "order" | "tracking" | null {
  const { value, before, after } = candidate;
  const digits = value.replace(/^[A-Z]+/, "");
  if (MONEY_BEFORE.test(before) || MONEY_AFTER.test(after)) return null;
  if (/^\d+$/.test(value) && (PHONE.test(value) || LANDLINE.test(value) || DATE.test(value))) return null;
  if (/^\d+$/.test(value) && value.length < 10) return null;
  if (TRACKING_WORDS.test(before)) return "tracking";
  if (ORDER_WORDS.test(before)) return carrierOf(value) && !/订单/.test(before) ? "tracking" : "order";
  if (carrierOf(value)) return "tracking";
  // Unnamed and in no carrier's format: a long number is the shop's order number.
  return digits.length >= 12 ? "order" : null;
}

export function extractNumbers(text: string): ExtractedNumbers {
  const normalized = normalizeNumbers(text.slice(0, 2000));
  let orderNo: string | null = null;
  let trackingNo: string | null = null;
  for (const candidate of candidatesIn(normalized)) {
    const kind = kindOf(candidate);
    if (kind === "order" && !orderNo) orderNo = candidate.value;
    if (kind === "tracking" && !trackingNo) trackingNo = candidate.value;
  }
  return { orderNo, trackingNo, carrier: trackingNo ? carrierOf(trackingNo) : null };
}
