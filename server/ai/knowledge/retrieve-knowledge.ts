// Which knowledge-base article answers a customer's question: BM25 over the jieba words and the
// character bigrams of each article's question and variants (each variant its own document, the
// article scored by its best one). The bot answers only when the match is clear: enough of the
// question's words found, a score above the floor, and well ahead of the next article. Thresholds
// were set on the calibration set in server/ai/eval/ (docs/ai.md).
import { jiebaCutter as cutter } from "../../search/jieba";

export type KnowledgeEntry = { id: string; question: string; variants: string[]; answer: string };

/** Words that carry no topic: politeness, particles, pronouns, the question's own shape. */
const STOPWORDS = new Set(
  "的 了 吗 呢 啊 吧 呀 哦 嘛 么 么样 我 你 您 他 她 它 我们 你们 是 在 有 和 与 就 都 也 还 又 这 那 这个 那个 个 一下 请问 请 亲 亲亲 在吗 一 下 吗 怎么 怎么样 什么 可以 能 能不能 会 会不会 要 想 问 问下 问一下 一个 多少 哪 哪个 哪些 几 没有 有没有 是不是 如何 呢 嗯 哈 谢谢 麻烦 帮 帮我 给 给我".split(
    " ",
  ),
);

/**
 * Shop talk that means the same thing, each group read as its first word, so a question finds an
 * article that says it differently (邮费 ~ 运费, 发出 ~ 发货, 面料 ~ 材质). Only words any shop's
 * customers use; a shop's own products are its articles' variants.
 */
const SYNONYM_GROUPS = [
  "发货 发出 寄出 出库 发走 发件 寄 发",
  "快递 物流 快件 速递",
  "运费 邮费 快递费 邮资",
  "包邮 免邮 免运费",
  "多久 几天 多长时间 多少天 几日 多长 啥时候 什么时候",
  "材质 材料 面料 质地 成分 料子",
  "尺码 码数 尺寸 码子",
  "颜色 配色 色号 颜色款",
  "清洗 洗 洗涤 机洗 手洗",
  "优惠券 代金券 券 折扣券 红包",
  "发票 开票 专票 普票",
  "上班 在线 营业 上线",
  "退货 退换 退换货",
  "正品 正版 真货 行货",
  "礼物 礼品 送人",
  "电脑 笔记本 笔记本电脑",
  "叠加 同时用 一起用",
];
const SYNONYMS = new Map(
  SYNONYM_GROUPS.flatMap((group) => {
    const [canonical = "", ...others] = group.split(" ");
    return others.map((word) => [word, canonical] as const);
  }),
);

function termsOf(text: string): string[] {
  const normalized = text.normalize("NFKC").toLowerCase();
  const words = cutter()
    .cut(normalized, false)
    .map((word) => word.trim())
    .filter((word) => word && /[\p{L}\p{N}]/u.test(word) && !STOPWORDS.has(word))
    .map((word) => SYNONYMS.get(word) ?? word);
  const chars = [...normalized.replace(/[^\p{L}\p{N}]/gu, "")];
  const bigrams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i += 1) bigrams.push(`~${chars[i]}${chars[i + 1]}`);
  return [...words, ...bigrams];
}

type Doc = { articleId: string; terms: Map<string, number>; length: number };
export type KnowledgeIndex = { docs: Doc[]; df: Map<string, number>; averageLength: number };

export function buildKnowledgeIndex(entries: KnowledgeEntry[]): KnowledgeIndex {
  const docs: Doc[] = [];
  for (const entry of entries) {
    for (const text of [entry.question, ...entry.variants]) {
      const terms = new Map<string, number>();
      const list = termsOf(text);
      for (const term of list) terms.set(term, (terms.get(term) ?? 0) + 1);
      docs.push({ articleId: entry.id, terms, length: list.length });
    }
  }
  const df = new Map<string, number>();
  for (const doc of docs) for (const term of doc.terms.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const averageLength = docs.reduce((sum, doc) => sum + doc.length, 0) / Math.max(1, docs.length);
  return { docs, df, averageLength };
}

const K1 = 1.2;
const B = 0.75;

export type KnowledgeMatch = { articleId: string; score: number; runnerUp: number; coverage: number };

type Ranked = { articleId: string; score: number; matched: number };

/** Every article matching the question, best first (each by its best question or variant). */
function rank(index: KnowledgeIndex, terms: string[]): Ranked[] {
  const n = index.docs.length;
  const best = new Map<string, { score: number; matched: number }>();
  for (const doc of index.docs) {
    let score = 0;
    let matched = 0;
    for (const term of terms) {
      const tf = doc.terms.get(term);
      if (!tf) continue;
      const df = index.df.get(term) ?? 0;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * doc.length) / index.averageLength));
      if (!term.startsWith("~")) matched += 1;
    }
    const previous = best.get(doc.articleId);
    if (!previous || score > previous.score) best.set(doc.articleId, { score, matched });
  }
  return [...best.entries()]
    .filter(([, entry]) => entry.score > 0)
    .map(([articleId, entry]) => ({ articleId, ...entry }))
    .sort((a, b) => b.score - a.score);
}

/** The articles closest to the question, best first, with their scores (the copilot's suggestions). */
export function rankKnowledge(index: KnowledgeIndex, question: string): { articleId: string; score: number }[] {
  return rank(index, [...new Set(termsOf(question))]).map(({ articleId, score }) => ({ articleId, score }));
}

/** The best article for the question, with what the decision to answer needs; null when nothing matches. */
export function matchKnowledge(index: KnowledgeIndex, question: string): KnowledgeMatch | null {
  const terms = [...new Set(termsOf(question))];
  if (terms.length === 0 || index.docs.length === 0) return null;
  const [top, second] = rank(index, terms);
  if (!top) return null;
  const words = terms.filter((term) => !term.startsWith("~")).length;
  return {
    articleId: top.articleId,
    score: top.score,
    runnerUp: second?.score ?? 0,
    coverage: words === 0 ? 0 : top.matched / words,
  };
}

/**
 * Calibrated (docs/ai.md) so that no uncovered question of the calibration set is answered: a clear
 * lead over the next article, and either most of the question's words found with a good score, or
 * a third of them with a very good one.
 */
export const ANSWER_THRESHOLDS = { lead: 1.4, score: 14, coverage: 0.5, strongScore: 20, strongCoverage: 0.34 };

export function isClearMatch(match: KnowledgeMatch): boolean {
  const t = ANSWER_THRESHOLDS;
  if (match.score < match.runnerUp * t.lead) return false;
  return (
    (match.score >= t.score && match.coverage >= t.coverage) ||
    (match.score >= t.strongScore && match.coverage >= t.strongCoverage)
  );
}

export function answeringArticle(index: KnowledgeIndex, question: string): string | null {
  const match = matchKnowledge(index, question);
  return match && isClearMatch(match) ? match.articleId : null;
}
