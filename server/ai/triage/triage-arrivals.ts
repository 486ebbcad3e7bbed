// Every inbound customer message is triaged after its commit, off ingestion's path: messages that
// arrive while a batch is written go together in the next (group commit), read in one statement,
// classified by the configured engine (server/ai/providers/: the offline one in memory, about
// 0.05 ms each, or an OpenAI-compatible model with the offline one as its fall-back), and written
// back in three: the
// runs recorded (AiRun: input hash, output, engine, latency), the conversations' intent, sentiment
// and priority (raised, never lowered: an agent's choice stands), and their inbox rows republished
// when something shown changed. A failure is logged and costs the batch its triage, nothing else.
// Conversations the bot handles then get its turn (server/ai/bot/bot-turn.ts).
import { createHash } from "node:crypto";
import { publishConversationChanges } from "../../conversations/publish-conversation";
import { getDatabase } from "../../db/db";
import { createGroupCommit } from "../../db/group-commit";
import { newId } from "../../db/new-id";
import type { ConversationStatus } from "../../generated/prisma/enums";
import { runInBackground } from "../../jobs/background-work";
import { createLogger } from "../../logger";
import { rooms } from "../../realtime/events";
import { requestQueueDrain } from "../../routing/drain-queue";
import { type BotConversation, runBotTurns } from "../bot/bot-turn";
import { type TriageRun, triageMessages } from "../providers/triage-message";
import type { Triage } from "./triage-offline";

const log = createLogger("ai");

/** Urgent conversations, and negative or high-urgency ones, move up the queue. */
function priorityOf(triage: Triage): "URGENT" | "HIGH" | "NORMAL" {
  if (triage.urgency === "urgent") return "URGENT";
  if (triage.urgency === "high" || triage.sentiment === "negative" || triage.steering) return "HIGH";
  return "NORMAL";
}

type Waiting = { messageIds: string[]; done: () => void };

const ROUTABLE = `r."teamId" IS NOT NULL AND c."assigneeId" IS NULL AND c.status IN ('BOT', 'QUEUED')
  AND c."teamChosenAt" IS NULL`;

type Updated = { id: string; status: string; teamId: string | null; previousTeamId: string | null };

/** The changes to publish; a conversation that left a private team disappears from that team's view. */
async function withPreviousAudience(updated: Updated[]) {
  const moved = updated.filter((row) => row.teamId !== row.previousTeamId && row.previousTeamId);
  const { rows: privateTeams } =
    moved.length === 0
      ? { rows: [] }
      : await getDatabase().sql.query<{ id: string }>(
          `SELECT id FROM "Team" WHERE id = ANY($1::text[]) AND "isPrivate"`,
          [moved.map((row) => row.previousTeamId)],
        );
  const isPrivate = new Set(privateTeams.map((team) => team.id));
  return updated.map((row) => {
    const previous = row.teamId !== row.previousTeamId ? row.previousTeamId : null;
    if (!previous) return { conversationId: row.id, messages: [] };
    // Nobody is assigned to a conversation triage moves (conversationAudience's rule).
    const previousAudience = isPrivate.has(previous) ? [rooms.supervisors, rooms.team(previous)] : [rooms.inbox];
    return { conversationId: row.id, messages: [], previousAudience };
  });
}

type ArrivedMessage = {
  id: string;
  conversationId: string;
  text: string | null;
  readable: boolean;
  status: ConversationStatus;
  customerId: string;
};

/**
 * The bot's share of a batch: the messages of conversations it handles, in order. A message it
 * cannot read (a photo, a file) is a turn too, and one it hands over.
 */
function botConversationsOf(rows: ArrivedMessage[], runs: ({ row: ArrivedMessage } & TriageRun)[]): BotConversation[] {
  const triaged = new Map(runs.map((run) => [run.row.id, run]));
  const conversations = new Map<string, BotConversation>();
  for (const row of rows) {
    if (row.status !== "BOT") continue;
    let conversation = conversations.get(row.conversationId);
    if (!conversation) {
      conversation = { conversationId: row.conversationId, customerId: row.customerId, messages: [] };
      conversations.set(row.conversationId, conversation);
    }
    const run = triaged.get(row.id);
    conversation.messages.push({
      messageId: row.id,
      text: row.text ?? "",
      triage: run?.triage ?? null,
      triagedBy: run ? `${run.provider}/${run.model}${run.error ? ` (${run.error})` : ""}` : null,
    });
  }
  return [...conversations.values()];
}

async function triageBatch(batch: Waiting[]): Promise<void> {
  let botTurns: BotConversation[] = [];
  try {
    const ids = [...new Set(batch.flatMap((item) => item.messageIds))];
    const database = getDatabase();
    const { rows } = await database.sql.query<ArrivedMessage>(
      `SELECT m.id, m."conversationId", m.text, m.type IN ('TEXT', 'VOICE', 'MENU') AS readable, c.status, c."customerId"
       FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
       WHERE m.id = ANY($1::text[]) AND m.direction = 'INBOUND'
       ORDER BY m."sentAt", m.id`,
      [ids],
    );
    const readable = rows.filter((row) => row.readable && row.text?.trim());
    const triaged = await triageMessages(readable.map((row) => row.text ?? ""));
    const runs = readable.map((row, index) => ({ row, ...(triaged[index] as TriageRun) }));
    botTurns = botConversationsOf(rows, runs);
    if (runs.length === 0) return;
    // The latest message of a conversation decides what its row shows.
    const latest = new Map(runs.map((run) => [run.row.conversationId, run]));
    const changed = await database.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO "AiRun" (id, capability, provider, model, "inputHash", output, "latencyMs", "conversationId",
           "messageId", error, "createdAt")
         SELECT r.id, 'triage', r.provider, r.model, r.hash, r.output::jsonb, r.latency, r.conversation, r.message,
           r.error, now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[],
                     $9::text[])
           AS r(id, hash, output, latency, conversation, message, provider, model, error)`,
        [
          runs.map(() => newId()),
          runs.map((run) =>
            createHash("sha256")
              .update(run.row.text ?? "")
              .digest("hex"),
          ),
          runs.map((run) => JSON.stringify(run.triage)),
          runs.map((run) => Math.round(run.latencyMs)),
          runs.map((run) => run.row.conversationId),
          runs.map((run) => run.row.id),
          runs.map((run) => run.provider),
          runs.map((run) => run.model),
          runs.map((run) => run.error),
        ],
      );
      const conversations = [...latest.values()];
      // The intent's team takes the conversation while it waits for anyone, unless a person chose its team.
      const { rows: updated } = await tx.query<Updated>(
        `UPDATE "Conversation" c SET intent = t.intent, sentiment = t.sentiment::"Sentiment",
           priority = GREATEST(c.priority, t.priority::"Priority"),
           "teamId" = CASE WHEN ${ROUTABLE} THEN r."teamId" ELSE c."teamId" END, "updatedAt" = now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(id, intent, sentiment, priority)
           JOIN "Conversation" old ON old.id = t.id
           LEFT JOIN "IntentRoute" r ON r.intent = t.intent
         WHERE c.id = t.id AND (c.intent IS DISTINCT FROM t.intent OR c.sentiment IS DISTINCT FROM t.sentiment::"Sentiment"
           OR c.priority < t.priority::"Priority" OR (${ROUTABLE} AND c."teamId" IS DISTINCT FROM r."teamId"))
         RETURNING c.id, c.status, c."teamId", old."teamId" AS "previousTeamId"`,
        [
          conversations.map((run) => run.row.conversationId),
          conversations.map((run) => run.triage.intent),
          conversations.map((run) => run.triage.sentiment.toUpperCase()),
          conversations.map((run) => priorityOf(run.triage)),
        ],
      );
      return updated;
    });
    // A queued conversation's priority may have changed, and the drain skipped it while this held its row.
    if (changed.some((row) => row.status === "QUEUED")) requestQueueDrain();
    if (changed.length > 0) await publishConversationChanges(await withPreviousAudience(changed));
  } catch (error) {
    log.error({ err: error }, "triage failed for a batch of messages");
  } finally {
    // The bot answers after triage is written, in the background: the next batch need not wait.
    if (botTurns.length > 0) {
      const due = botTurns;
      runInBackground(() => runBotTurns(due));
    }
    for (const item of batch) item.done();
  }
}

const batches = createGroupCommit<Waiting>({
  maxInFlight: 1,
  maxGroup: 2_000,
  gatherOneTurn: true,
  write: triageBatch,
});

/** Triages these inbound messages after their commit; resolves when done (never rejects). */
export function triageArrivals(messageIds: string[]): Promise<void> {
  if (messageIds.length === 0) return Promise.resolve();
  return new Promise((done) => batches.add({ messageIds, done }));
}
