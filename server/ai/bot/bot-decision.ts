// What the bot does with one triaged message (the offline engine's rules, docs/ai.md): hand over to a
// person, answer from the knowledge base, answer an order-status question from the customer's real
// order, greet, or say it did not understand. It never acts on what a message instructs.
import { answeringArticle, type KnowledgeIndex } from "../knowledge/retrieve-knowledge";
import type { Intent } from "../triage/intent-model";
import type { Triage } from "../triage/triage-offline";

/** Intents a person handles: money, broken promises, anger, or the customer asked for one. */
const PERSON_INTENTS: ReadonlySet<Intent> = new Set([
  "HUMAN_AGENT",
  "COMPLAINT",
  "RETURN_REFUND",
  "PAYMENT",
  "LOGISTICS_PROBLEM",
]);
/** A question about the customer's own order rather than the shop's rules. */
const PERSONAL = /我的|我买的|我那|我下的|我这|俺的|我嘅|my order|my parcel/i;
/** Below this the classifier is guessing: the bot does not act on its intent. */
const MIN_CONFIDENCE = 0.45;

export type BotDecision =
  | { action: "handoff"; reason: "steering" | "intent" | "negative" | "unsure" }
  | { action: "answer_article"; articleId: string }
  | { action: "answer_order_status" }
  | { action: "greet" }
  | { action: "not_understood" };

/**
 * Money and returns are a person's, except the shop's rules about them: "支持七天无理由吗" or "能开发票吗"
 * asked in general (nothing of the customer's own, no number) is answered when an article clearly
 * covers it.
 */
const POLICY_INTENTS: ReadonlySet<Intent> = new Set(["RETURN_REFUND", "PAYMENT"]);

const isGeneral = (triage: Triage, text: string) => !PERSONAL.test(text) && !triage.orderNo && !triage.trackingNo;

export function decideBotReply(triage: Triage, knowledge: KnowledgeIndex, text: string): BotDecision {
  if (triage.steering) return { action: "handoff", reason: "steering" };
  if (triage.sentiment === "negative") return { action: "handoff", reason: "negative" };
  if (POLICY_INTENTS.has(triage.intent) && isGeneral(triage, text)) {
    const articleId = answeringArticle(knowledge, text);
    if (articleId) return { action: "answer_article", articleId };
  }
  if (PERSON_INTENTS.has(triage.intent)) return { action: "handoff", reason: "intent" };
  if (triage.intent === "ORDER_STATUS" && triage.confidence >= MIN_CONFIDENCE) {
    // "How long does shipping take?" is the shop's policy; "where is mine?" is the customer's order.
    const articleId = isGeneral(triage, text) ? answeringArticle(knowledge, text) : null;
    return articleId ? { action: "answer_article", articleId } : { action: "answer_order_status" };
  }
  const articleId = answeringArticle(knowledge, text);
  if (articleId) return { action: "answer_article", articleId };
  if (triage.intent === "OTHER" && triage.confidence >= MIN_CONFIDENCE) return { action: "greet" };
  return triage.confidence < MIN_CONFIDENCE ? { action: "handoff", reason: "unsure" } : { action: "not_understood" };
}
