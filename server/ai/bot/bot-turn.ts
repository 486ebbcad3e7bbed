// The bot's turn in a conversation it handles (status BOT), after its new customer messages are
// triaged: one answer (an article, the customer's order status, a greeting, or "not understood"),
// or a handover to the queue with a two-line summary. Everything it decides is recorded (AiRun,
// capability "bot") so an agent can see why, and the knowledge base's answered and missed questions
// come from the same rows. The conversation is locked while the turn is written: an agent who took
// it meanwhile wins and the bot only records what it would have done. A reply is spent from the
// channel's window like an agent's, never its last one (that is kept for the person who takes over).
import { createHash } from "node:crypto";
import { scheduleDelivery } from "../../conversations/deliver-outbound-message";
import { type MessageDto, toMessageDto } from "../../conversations/message-dto";
import { publishConversationChanges } from "../../conversations/publish-conversation";
import { db, getDatabase } from "../../db/db";
import { newId } from "../../db/new-id";
import type { SqlConnection } from "../../db/sql-connection";
import { createSerialQueues } from "../../jobs/serial-queues";
import { createLogger } from "../../logger";
import { requestQueueDrain } from "../../routing/drain-queue";
import { scheduleQueueNotices } from "../../routing/queue-notice";
import { searchTextOf } from "../../search/tokenize";
import { currentKnowledge } from "../knowledge/knowledge-index";
import type { Triage } from "../triage/triage-offline";
import { type BotDecision, decideBotReply } from "./bot-decision";
import { customerOrderFacts } from "./customer-order-facts";
import { BOT_REPLIES_SQL, handOver } from "./hand-over";
import { type HandoffReason, handoffSummary } from "./handoff-summary";
import { orderStatusReply } from "./order-status-reply";

const log = createLogger("bot");

/** The bot's rules as AiRun names them; bumped when they change what the bot does. */
export const BOT_ENGINE = { provider: "offline", model: "bot-rules-1" } as const;

export const BOT_TEXT = {
  greet: "您好，我是智能助手～可以问我发货、物流、尺码、售后规则等问题；需要人工客服请回复“人工”。",
  notUnderstood: "抱歉，这个问题我还不太会回答。可以换个说法，或回复“人工”转人工客服。",
  noOrder: "暂时没有查到您的订单。请发一下订单号，我帮您查询；或回复“人工”转人工客服。",
  handingOver: "好的，正在为您转接人工客服，请稍候～",
} as const;

/** Turns the bot could not answer in a row before it hands over. */
const MAX_UNANSWERED = 2;

/** `triage` is null for a message without text (a photo, a file). */
export type BotTurnMessage = {
  messageId: string;
  text: string;
  triage: Triage | null;
  /** The engine that triaged it, and why a provider's answer was not used (shown in "why"). */
  triagedBy: string | null;
};
export type BotConversation = { conversationId: string; customerId: string; messages: BotTurnMessage[] };

type Outcome =
  | { kind: "reply"; text: string; answered: boolean | null; articleId?: string }
  | { kind: "handoff"; reason: HandoffReason; orderNo?: string | null };

/** Same question, same key: how answered and missed questions are counted. */
export function questionKey(text: string): string {
  const normalized = text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, "");
  return createHash("sha256").update(normalized).digest("hex");
}

function handoffReasonOf(decision: Extract<BotDecision, { action: "handoff" }>, triage: Triage): HandoffReason {
  if (decision.reason === "intent" && triage.intent === "HUMAN_AGENT") return "asked";
  return decision.reason;
}

/** What the bot will do about these messages: the first that needs a person decides, else the latest. */
async function decide(conversation: BotConversation): Promise<{ outcome: Outcome; decision: BotDecision | null }> {
  const { index, articles } = await currentKnowledge();
  let decision: BotDecision | null = null;
  let latest: BotTurnMessage | undefined;
  for (const message of conversation.messages) {
    latest = message;
    // A photo or a file: the bot cannot see what it shows.
    if (!message.triage) return { decision: null, outcome: { kind: "handoff", reason: "not_text" } };
    decision = decideBotReply(message.triage, index, message.text);
    if (decision.action === "handoff") {
      return { decision, outcome: { kind: "handoff", reason: handoffReasonOf(decision, message.triage) } };
    }
  }
  if (!decision || !latest?.triage) throw new Error("a bot turn needs a message");
  const { triage } = latest;
  switch (decision.action) {
    case "answer_article": {
      const article = articles.get(decision.articleId);
      if (!article) return { decision, outcome: { kind: "reply", text: BOT_TEXT.notUnderstood, answered: false } };
      return { decision, outcome: { kind: "reply", text: article.answer, answered: true, articleId: article.id } };
    }
    case "answer_order_status": {
      const facts = await customerOrderFacts(conversation.customerId, triage);
      if (facts === "not_theirs") return { decision, outcome: { kind: "handoff", reason: "not_theirs" } };
      if (!facts) return { decision, outcome: { kind: "reply", text: BOT_TEXT.noOrder, answered: false } };
      const reply = orderStatusReply(facts, new Date());
      if (reply.kind === "handoff") {
        return { decision, outcome: { kind: "handoff", reason: reply.why, orderNo: facts.orderNo } };
      }
      return { decision, outcome: { kind: "reply", text: reply.text, answered: true } };
    }
    case "greet":
      return { decision, outcome: { kind: "reply", text: BOT_TEXT.greet, answered: null } };
    case "not_understood":
      return { decision, outcome: { kind: "reply", text: BOT_TEXT.notUnderstood, answered: false } };
  }
}

type Locked = {
  status: string;
  startsWithBot: boolean;
  botUnanswered: number;
  channelAccountId: string;
  queueNotice: string | null;
  answered: number;
};

/** Takes one reply from the window if one is left after it; false when none can be spared. */
async function spareReply(tx: SqlConnection, conversationId: string, now: string): Promise<boolean> {
  const { rows } = await tx.query(
    `UPDATE "Conversation" SET "replyWindowRemaining" = "replyWindowRemaining" - ("replyWindowRemaining" IS NOT NULL)::int
     WHERE id = $1 AND "replyWindowExpiresAt" > $2 AND ("replyWindowRemaining" IS NULL OR "replyWindowRemaining" >= 2)
     RETURNING id`,
    [conversationId, now],
  );
  return rows.length === 1;
}

/** Stores the bot's message to the customer (once per customer message it answers); its id, or null. */
async function storeBotMessage(
  tx: SqlConnection,
  options: { conversationId: string; channelAccountId: string; answering: string; text: string; now: string },
): Promise<string | null> {
  const id = newId();
  const externalMsgId = `bt${createHash("sha256").update(options.answering).digest("base64url").slice(0, 22)}`;
  const { rows } = await tx.query(
    `INSERT INTO "Message" (id, "conversationId", "channelAccountId", direction, "senderKind", type, body, text,
       "searchText", "externalMsgId", "deliveryStatus", "sentAt", "createdAt", "updatedAt")
     VALUES ($1, $2, $3, 'OUTBOUND', 'BOT', 'TEXT', $4::jsonb, $5, $6, $7, 'PENDING', $8, $8, $8)
     ON CONFLICT ("channelAccountId", "externalMsgId") DO NOTHING
     RETURNING id`,
    [
      id,
      options.conversationId,
      options.channelAccountId,
      JSON.stringify({ type: "TEXT", text: options.text }),
      options.text,
      searchTextOf(options.text),
      externalMsgId,
      options.now,
    ],
  );
  return rows.length === 1 ? id : null;
}

async function recordRun(
  tx: SqlConnection,
  conversation: BotConversation,
  record: { decision: BotDecision | null; outcome: Outcome; acted: boolean; latencyMs: number },
): Promise<void> {
  const latest = conversation.messages[conversation.messages.length - 1];
  if (!latest) return;
  const { outcome } = record;
  const output = {
    action: record.decision?.action ?? "handoff",
    ...(outcome.kind === "handoff" ? { handoff: true, reason: outcome.reason } : { handoff: false }),
    ...(outcome.kind === "reply" ? { answered: outcome.answered, articleId: outcome.articleId ?? null } : {}),
    intent: latest.triage?.intent ?? null,
    confidence: latest.triage?.confidence ?? null,
    triagedBy: latest.triagedBy,
    acted: record.acted,
  };
  await tx.query(
    `INSERT INTO "AiRun" (id, capability, provider, model, "inputHash", input, output, "latencyMs", "conversationId",
       "messageId", "createdAt")
     VALUES ($1, 'bot', $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9, now())`,
    [
      newId(),
      BOT_ENGINE.provider,
      BOT_ENGINE.model,
      questionKey(latest.text),
      JSON.stringify({ text: latest.text, messageIds: conversation.messages.map((message) => message.messageId) }),
      JSON.stringify(output),
      record.latencyMs,
      conversation.conversationId,
      latest.messageId,
    ],
  );
}

type Written = {
  botMessageId: string | null;
  events: MessageDto[];
  handedOver: boolean;
  /** When it entered the queue, if the channel's queue notice is to tell the customer. */
  queuedAt: Date | null;
};

async function writeTurn(
  tx: SqlConnection,
  conversation: BotConversation,
  decided: { decision: BotDecision | null; outcome: Outcome },
  began: number,
): Promise<Written> {
  const { conversationId } = conversation;
  const now = new Date().toISOString();
  const { rows } = await tx.query<Locked>(
    `SELECT c.status, c."botUnanswered", c."channelAccountId", a."queueNotice", a."startsWithBot",
       ${BOT_REPLIES_SQL} AS answered
     FROM "Conversation" c JOIN "ChannelAccount" a ON a.id = c."channelAccountId"
     WHERE c.id = $1 FOR UPDATE OF c`,
    [conversationId],
  );
  const locked = rows[0];
  const latest = conversation.messages[conversation.messages.length - 1];
  const nothing: Written = { botMessageId: null, events: [], handedOver: false, queuedAt: null };
  if (!locked || !latest) return nothing;
  let { outcome } = decided;
  const record = (acted: boolean) =>
    recordRun(tx, conversation, {
      decision: decided.decision,
      outcome,
      acted,
      latencyMs: Math.round(performance.now() - began),
    });
  if (locked.status !== "BOT") {
    await record(false);
    return nothing;
  }
  if (outcome.kind === "reply" && outcome.answered === false && locked.botUnanswered + 1 >= MAX_UNANSWERED) {
    outcome = { kind: "handoff", reason: "unanswered" };
  }
  // The channel's bot was switched off since the conversation began: its people take it from here.
  if (!locked.startsWithBot) outcome = { kind: "handoff", reason: "bot_off" };
  if (outcome.kind === "reply") {
    if (await spareReply(tx, conversationId, now)) {
      const botMessageId = await storeBotMessage(tx, {
        conversationId,
        channelAccountId: locked.channelAccountId,
        answering: latest.messageId,
        text: outcome.text,
        now,
      });
      const answered = outcome.answered;
      await tx.query(
        `UPDATE "Conversation" SET "lastActivityAt" = $2, "lastMessagePreview" = $3, "updatedAt" = $2,
           "waitingSince" = NULL,
           "botUnanswered" = CASE WHEN $4::boolean THEN 0 WHEN $5::boolean THEN "botUnanswered" + 1 ELSE "botUnanswered" END
         WHERE id = $1`,
        [conversationId, now, outcome.text.slice(0, 200), answered === true, answered === false],
      );
      await record(true);
      return { ...nothing, botMessageId };
    }
    outcome = { kind: "handoff", reason: "window" };
  }
  const summary = handoffSummary({
    intent: latest.triage?.intent ?? null,
    latestText: latest.text,
    reason: outcome.reason,
    answered: locked.answered,
    orderNo: outcome.orderNo ?? latest.triage?.orderNo,
  });
  const events = await handOver(tx, [{ conversationId, summary, reason: outcome.reason }], new Date(now));
  // The channel's queue notice tells the customer they wait (with their place); without one, the bot does.
  let botMessageId: string | null = null;
  if (!locked.queueNotice && outcome.reason !== "window" && (await spareReply(tx, conversationId, now))) {
    botMessageId = await storeBotMessage(tx, {
      conversationId,
      channelAccountId: locked.channelAccountId,
      answering: latest.messageId,
      text: BOT_TEXT.handingOver,
      now,
    });
  }
  await record(true);
  return { botMessageId, events, queuedAt: locked.queueNotice ? new Date(now) : null, handedOver: true };
}

async function botTurn(conversation: BotConversation): Promise<void> {
  const began = performance.now();
  const decided = await decide(conversation);
  const written = await getDatabase().transaction((tx) => writeTurn(tx, conversation, decided, began));
  const messages = [...written.events];
  if (written.botMessageId) {
    messages.push(toMessageDto(await db().message.findUniqueOrThrow({ where: { id: written.botMessageId } })));
  }
  if (messages.length > 0) {
    await publishConversationChanges([{ conversationId: conversation.conversationId, messages }]);
  }
  if (written.botMessageId) await scheduleDelivery(conversation.conversationId, written.botMessageId);
  if (written.handedOver) requestQueueDrain();
  if (written.queuedAt) await scheduleQueueNotices([{ id: conversation.conversationId, queuedAt: written.queuedAt }]);
}

// One turn at a time per conversation, in the order its messages were triaged.
const turns = createSerialQueues();

/** The bot's turns for these conversations; resolves when all are written (never rejects). */
export async function runBotTurns(conversations: BotConversation[]): Promise<void> {
  await Promise.all(
    conversations.map((conversation) =>
      turns
        .run(conversation.conversationId, () => botTurn(conversation))
        .catch((error: unknown) => {
          log.error({ err: error, conversationId: conversation.conversationId }, "the bot's turn failed");
        }),
    ),
  );
}
