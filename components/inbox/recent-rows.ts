// A list fetch reads the database at some moment; a realtime row published after that moment can
// reach the browser before the fetch's answer does, and the answer would then put the older state
// back (a brand-new conversation vanished from the inbox this way). Rows heard over the socket are
// kept briefly so that a fetch can lay the ones that arrived while it was in flight over its answer.
import type { ConversationListItem } from "@/server/conversations/conversation-dto";
import type { ConversationPage } from "./inbox-cache";
import { applyRow, type ConversationPages, type InboxFilters } from "./inbox-filters";

const KEEP_MS = 60_000;
const MAX_KEPT = 2000;
const recent: { at: number; row: ConversationListItem }[] = [];

export function rememberRows(rows: ConversationListItem[]): void {
  const at = performance.now();
  for (const row of rows) recent.push({ at, row });
  const expired = recent.findIndex((entry) => entry.at >= at - KEEP_MS);
  recent.splice(0, Math.max(expired === -1 ? recent.length : expired, recent.length - MAX_KEPT));
}

/** The rows heard since `at` (a performance.now() reading), oldest first. */
export function rowsSince(at: number): ConversationListItem[] {
  return recent.filter((entry) => entry.at >= at).map((entry) => entry.row);
}

/** A first page fetched from `startedAt` on, with the rows heard meanwhile laid over it. */
export function withRowsHeardSince(
  page: ConversationPage,
  startedAt: number,
  filters: InboxFilters,
  userId: string,
): ConversationPage {
  const merged = rowsSince(startedAt).reduce<ConversationPages | undefined>(
    (data, row) => applyRow(data, row, filters, userId),
    { pages: [page], pageParams: [null] },
  );
  return merged?.pages[0] ?? page;
}
