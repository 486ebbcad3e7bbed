// The agent's copilot beside the composer: suggested replies from the knowledge base (the closest
// articles to what the customer last asked, looser than the bot's bar: the agent reads before
// sending) and from the customer's order as stored, and, for a long conversation, a summary in
// three lines. Suggestions are only ever put in the composer; the agent sends. Each computation is
// recorded (AiRun, capability "copilot").
import type { SessionUser } from "../../auth/sessions";
import { ORDER_STATUS_ZH } from "../../commerce/cards/order-card";
import { getVisibleConversation } from "../../conversations/get-visible-conversation";
import { db } from "../../db/db";
import { questionKey } from "../bot/bot-turn";
import { customerOrderFacts } from "../bot/customer-order-facts";
import { INTENT_LABEL } from "../bot/handoff-summary";
import { type OrderFacts, orderStatusReply, spokenTime } from "../bot/order-status-reply";
import { currentKnowledge } from "../knowledge/knowledge-index";
import { rankKnowledge } from "../knowledge/retrieve-knowledge";
import { extractNumbers } from "../triage/extract-numbers";
import type { Intent } from "../triage/intent-model";

const SUGGESTED_ARTICLES = 3;
/** Below this the article has little to do with the question (the bot's own bar is 14). */
const SUGGEST_SCORE = 6;
/** A conversation this long gets a summary. */
const LONG_CONVERSATION = 8;
const READ_MESSAGES = 40;

export type Suggestion = { kind: "article" | "order"; title: string; text: string; articleId?: string };

/** What the order says, for the agent to send as is or adapt: the bot's text where it has one. */
function orderText(facts: OrderFacts, now: Date): string {
  const reply = orderStatusReply(facts, now);
  if (reply.kind === "answer") return reply.text;
  const parcel = facts.parcel;
  const latest =
    parcel?.lastEventAt && parcel.lastEventText
      ? `，包裹（${parcel.trackingNo}）最新：${spokenTime(parcel.lastEventAt, now)} ${parcel.lastEventText}`
      : "";
  return `您的订单 ${facts.orderNo} 当前状态：${ORDER_STATUS_ZH[facts.status]}${latest}。`;
}

const quote = (text: string, max = 40) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

type Read = { direction: string; senderKind: string; text: string | null };

function summarize(messages: Read[], intent: string | null, sentiment: string | null): string | null {
  if (messages.length < LONG_CONVERSATION) return null;
  const customer = messages.filter((message) => message.direction === "INBOUND" && message.text);
  const lastCustomer = customer.at(-1)?.text;
  if (!lastCustomer) return null;
  const numbers = new Set<string>();
  for (const message of customer) {
    const found = extractNumbers(message.text ?? "");
    if (found.orderNo) numbers.add(`订单 ${found.orderNo}`);
    if (found.trackingNo) numbers.add(`运单 ${found.trackingNo}`);
  }
  const lastReply = messages.filter((message) => message.direction === "OUTBOUND" && message.text).at(-1);
  const label = intent && intent in INTENT_LABEL ? INTENT_LABEL[intent as Intent] : "未识别";
  return [
    `诉求：${label}${sentiment === "NEGATIVE" ? "（情绪不满）" : ""}——“${quote(lastCustomer)}”`,
    `提到：${numbers.size > 0 ? [...numbers].slice(0, 4).join("、") : "无订单号或运单号"}；客户共发 ${customer.length} 条`,
    lastReply?.text
      ? `最后回复（${lastReply.senderKind === "BOT" ? "机器人" : "客服"}）：“${quote(lastReply.text)}”`
      : "尚未回复",
  ].join("\n");
}

export async function copilotFor(user: SessionUser, conversationId: string) {
  const began = performance.now();
  const conversation = await getVisibleConversation(user, conversationId);
  const [messages, state, knowledge] = await Promise.all([
    db().message.findMany({
      where: { conversationId, direction: { in: ["INBOUND", "OUTBOUND"] } },
      orderBy: { sentAt: "desc" },
      take: READ_MESSAGES,
      select: { direction: true, senderKind: true, text: true },
    }),
    db().conversation.findUniqueOrThrow({ where: { id: conversationId }, select: { intent: true, sentiment: true } }),
    currentKnowledge(),
  ]);
  messages.reverse();
  const asked = messages.filter((message) => message.direction === "INBOUND" && message.text).at(-1)?.text ?? "";
  const suggestions: Suggestion[] = [];
  const facts = await customerOrderFacts(conversation.customerId, extractNumbers(asked));
  if (facts && facts !== "not_theirs") {
    suggestions.push({ kind: "order", title: `订单 ${facts.orderNo}`, text: orderText(facts, new Date()) });
  }
  for (const match of rankKnowledge(knowledge.index, asked).slice(0, SUGGESTED_ARTICLES)) {
    const article = knowledge.articles.get(match.articleId);
    if (article && match.score >= SUGGEST_SCORE) {
      suggestions.push({ kind: "article", title: article.question, text: article.answer, articleId: article.id });
    }
  }
  const summary = summarize(messages, state.intent, state.sentiment);
  await db().aiRun.create({
    data: {
      capability: "copilot",
      provider: "offline",
      model: "copilot-1",
      inputHash: questionKey(asked),
      output: { suggestions: suggestions.map((s) => s.articleId ?? s.kind), summary: summary !== null },
      latencyMs: Math.round(performance.now() - began),
      conversationId,
    },
  });
  return { suggestions, summary };
}
export type Copilot = Awaited<ReturnType<typeof copilotFor>>;
