// A customer's message enters LoopDesk here, from any channel: the customer and their identity on
// the channel, the active conversation (opened if none), the message (unique per channel and
// platform id, so replays change nothing), the reply window, the inbound event marked processed;
// then, after commit, the agents' screens.
// This is the hot path of every inbound message. Messages that arrive while a batch is being
// written wait for the next one (group commit): a batch is a handful of set-based statements in one
// short transaction whatever its size, so throughput grows with load instead of round trips
// piling up per message. Times are written as UTC ISO strings.
import { identityKey, resolveNewCustomers } from "../../customers/resolve-inbound-customers";
import { getDatabase } from "../../db/db";
import { createGroupCommit } from "../../db/group-commit";
import { newId } from "../../db/new-id";
import { activeKey } from "../active-key";
import type { InboundMessage } from "../inbound-message";
import { describeContent } from "../message-content";
import type { MessageDto } from "../message-dto";
import { insertTimelineEvents } from "../timeline-events";
import { type Accepted, messageKey, type Pending } from "./conversation-state";
import { foldConversation } from "./fold-conversation";
import { lockConversation, openConversations } from "./open-conversation";
import { publishIngested } from "./publish-ingested";
import { readBatch } from "./read-batch";
import { writeMessages } from "./write-messages";

export type IngestOptions = {
  /** The stored webhook this message came from: marked processed in the same transaction. */
  inboundEventId?: string;
};

export type IngestResult = {
  status: "created" | "duplicate" | "skipped";
  messageId?: string;
  conversationId?: string;
  /** This message opened a new conversation, or reopened a resolved one. */
  opened?: boolean;
  /**
   * This message put its conversation into the queue: what follows (routing, the queue notice if
   * its channel has one) is the caller's to start, after commit.
   */
  queued?: { queuedAt: Date; noticeOn: boolean };
};

/** A concurrent batch created the same customer or conversation first, or the two deadlocked. */
function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === "23505" || code === "P2002" || code === "40P01" || code === "LOST_INSERT_RACE";
}

type Outcome = IngestResult;
type BatchResult = { outcomes: Outcome[]; publish: () => void };

/** Another instance stored one of the batch's messages first: the batch is run again from the start. */
class LostInsertRace extends Error {
  readonly code = "LOST_INSERT_RACE";
}

/**
 * A batch is derived from stored inbound events, marked processed in it: if a crash loses its
 * commit, the sweep processes the events again, so it need not wait for the disk. Its statements join
 * through unique keys only: generic plans (docs/performance.md, "Commit without waiting for the disk").
 */
const INGEST_TRANSACTION = { replayable: true, genericPlans: true } as const;

async function ingestBatch(items: Pending[]): Promise<BatchResult> {
  return getDatabase().transaction(async (tx) => {
    const now = new Date().toISOString();
    const outcomes: Outcome[] = items.map(() => ({ status: "skipped" }));
    const read = await readBatch(tx, items);
    const seenInBatch = new Set<string>();
    const fresh: { index: number; pending: Pending }[] = [];
    items.forEach((pending, index) => {
      const key = messageKey(pending.message);
      const existing = read.stored[index];
      if (existing)
        outcomes[index] = { status: "duplicate", messageId: existing.id, conversationId: existing.conversationId };
      else if (seenInBatch.has(key)) outcomes[index] = { status: "duplicate" };
      else {
        seenInBatch.add(key);
        fresh.push({ index, pending });
      }
    });

    const { customers, created: newCustomers } = await resolveNewCustomers(
      tx,
      fresh.map((item) => item.pending.message),
      read.customers,
      now,
    );
    const activeKeyOf = (message: InboundMessage) =>
      activeKey(message.channelAccountId, customers.get(identityKey(message)) ?? "");
    const conversations = read.conversations;

    // A brand-new customer has nothing to reopen: their conversations are opened together.
    const firsts = new Map<string, { activeKey: string; customerId: string; message: InboundMessage } | null>();
    for (const { pending } of fresh) {
      const key = activeKeyOf(pending.message);
      if (conversations.has(key) || firsts.has(key) || !newCustomers.has(identityKey(pending.message))) continue;
      // An unsubscribe as someone's very first word opens nothing: lockConversation decides, one by one.
      const customerId = customers.get(identityKey(pending.message)) ?? "";
      firsts.set(
        key,
        pending.message.window?.kind === "CLOSE" ? null : { activeKey: key, customerId, message: pending.message },
      );
    }
    const opening = [...firsts.values()].flatMap((first) => (first ? [first] : []));
    for (const [key, state] of await openConversations(tx, opening, now)) conversations.set(key, state);

    const accepted: Accepted[] = [];
    for (const { index, pending } of fresh) {
      const key = activeKeyOf(pending.message);
      let conversation = conversations.get(key) ?? null;
      if (!conversation) {
        conversation = await lockConversation(
          tx,
          pending.message,
          customers.get(identityKey(pending.message)) ?? "",
          now,
        );
        if (!conversation) continue;
        conversations.set(key, conversation);
      }
      accepted.push({
        index,
        pending,
        conversation,
        messageId: newId(),
        text: describeContent(pending.message.content),
      });
    }

    // Every accepted message is new as of readBatch; only another instance storing the same platform
    // message meanwhile makes an insert conflict, and then writeMessages changes nothing.
    const byConversation = new Map<string, Accepted[]>();
    for (const a of accepted)
      byConversation.set(a.conversation.id, [...(byConversation.get(a.conversation.id) ?? []), a]);
    const folds = [...byConversation.values()].flatMap(([first, ...rest]) =>
      first ? [foldConversation(first.conversation, [first, ...rest])] : [],
    );
    const eventIds = items.flatMap((item) => (item.inboundEventId ? [item.inboundEventId] : []));
    const rows = await writeMessages(tx, accepted, folds, eventIds, now);
    if (rows.length !== folds.length) throw new LostInsertRace();

    // A reopened conversation says so in its timeline, just before the message that reopened it.
    const reopenedEvents: MessageDto[] = [];
    for (const messages of byConversation.values()) {
      const first = messages[0];
      if (!first?.conversation.reopened) continue;
      reopenedEvents.push(
        ...(await insertTimelineEvents(
          tx,
          [{ conversationId: first.conversation.id, content: { type: "EVENT", event: "reopened" } }],
          new Date(first.pending.message.sentAt.getTime() - 1),
        )),
      );
    }

    const queued = new Map(
      rows.flatMap((row) =>
        row.status === "QUEUED" && row.queuedAt
          ? [[row.id, { queuedAt: row.queuedAt, noticeOn: row.queueNoticeOn }]]
          : [],
      ),
    );
    const openedConversations = new Set<string>();
    for (const a of accepted) {
      const { id } = a.conversation;
      const opened = Boolean(a.conversation.opened || a.conversation.reopened) && !openedConversations.has(id);
      if (opened) openedConversations.add(id);
      const entered = opened ? queued.get(id) : undefined;
      outcomes[a.index] = {
        status: "created",
        messageId: a.messageId,
        conversationId: id,
        opened,
        ...(entered ? { queued: entered } : {}),
      };
    }
    // A message twice in one batch: the second copy points at the first.
    const createdByKey = new Map(accepted.map((a) => [messageKey(a.pending.message), a]));
    items.forEach((pending, index) => {
      const original = createdByKey.get(messageKey(pending.message));
      if (outcomes[index]?.status === "duplicate" && !outcomes[index]?.messageId && original) {
        outcomes[index] = {
          status: "duplicate",
          messageId: original.messageId,
          conversationId: original.conversation.id,
        };
      }
    });

    return { outcomes, publish: () => publishIngested({ accepted, reopenedEvents, rows, now }) };
  }, INGEST_TRANSACTION);
}

/** Runs a batch, again from the start when it lost a race with another batch. */
async function ingestWithRetry(items: Pending[]): Promise<Outcome[]> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const result = await ingestBatch(items);
      result.publish();
      return result.outcomes;
    } catch (error) {
      // The retry's first read finds what the concurrent winner created.
      if (!isRetryable(error) || attempt >= 4) throw error;
    }
  }
}

type Waiting = Pending & { resolve: (outcome: Outcome) => void; reject: (error: unknown) => void };

async function writeBatch(batch: Waiting[]): Promise<void> {
  try {
    const outcomes = await ingestWithRetry(batch);
    for (const [index, item] of batch.entries()) item.resolve(outcomes[index] ?? { status: "skipped" });
  } catch (error) {
    // One bad message must not fail the others: a failed batch is retried one by one.
    if (batch.length === 1) batch[0]?.reject(error);
    else {
      for (const item of batch) {
        await ingestWithRetry([item]).then(
          (outcomes) => item.resolve(outcomes[0] ?? { status: "skipped" }),
          item.reject,
        );
      }
    }
  }
}

/**
 * Two batches in flight: one waits on the database while the other is on the wire or being
 * prepared; more only adds lock waits between them. The messages handed over in one turn share a batch.
 */
const MAX_IN_FLIGHT = 2;
const MAX_BATCH = 500;
/** Messages that can be written at once: whatever feeds this module should let this many wait. */
export const INGEST_CAPACITY = MAX_IN_FLIGHT * MAX_BATCH;
const batches = createGroupCommit<Waiting>({
  maxInFlight: MAX_IN_FLIGHT,
  maxGroup: MAX_BATCH,
  write: writeBatch,
  gatherOneTurn: true,
});

/** Stores an inbound message exactly once and tells the agents; safe to call again with the same message. */
export function ingestInboundMessage(message: InboundMessage, options: IngestOptions = {}): Promise<IngestResult> {
  return new Promise<IngestResult>((resolve, reject) => {
    batches.add({ message, inboundEventId: options.inboundEventId, resolve, reject });
  });
}
