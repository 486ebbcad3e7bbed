// After inbound messages commit: each is triaged (intent, priority) in the background, a conversation
// they put into the queue is routed to an agent, and its customer hears the channel's queue notice if
// it has one. Notices from messages committed in the
// same turn are scheduled together.

import { triageArrivals } from "../ai/triage/triage-arrivals";
import type { IngestResult } from "../conversations/ingest/ingest-inbound-message";
import { runInBackground } from "../jobs/background-work";
import { requestQueueDrain } from "./drain-queue";
import { type QueuedConversation, scheduleQueueNotices } from "./queue-notice";

let notices: QueuedConversation[] = [];

function scheduleNotice(conversation: QueuedConversation): void {
  notices.push(conversation);
  if (notices.length > 1) return;
  runInBackground(async () => {
    await new Promise((resolve) => setImmediate(resolve));
    const due = notices;
    notices = [];
    await scheduleQueueNotices(due);
  });
}

export function routeArrivals(results: readonly IngestResult[]): void {
  const created = results.flatMap((result) =>
    result.status === "created" && result.messageId ? [result.messageId] : [],
  );
  if (created.length > 0) runInBackground(() => triageArrivals(created));
  let queued = false;
  for (const result of results) {
    if (!result.queued || !result.conversationId) continue;
    queued = true;
    if (result.queued.noticeOn) scheduleNotice({ id: result.conversationId, queuedAt: result.queued.queuedAt });
  }
  // The queue changed only when these messages put a conversation into it.
  if (queued) requestQueueDrain();
}
