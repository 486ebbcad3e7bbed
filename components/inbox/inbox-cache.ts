// How realtime facts patch the inbox's Query cache; pure, so the rules are easy to see and test.

import type { QueryClient } from "@tanstack/react-query";
import type { ConversationListItem } from "@/server/conversations/conversation-dto";
import type { MessageDto } from "@/server/conversations/message-dto";
import { conversationKeys } from "../query/query-keys";

export type ConversationPage = { items: ConversationListItem[]; next: string | null };
export type MessagePage = { items: MessageDto[]; before: string | null };

/**
 * Adds a new message once, or replaces a copy with a newer one. The socket's "sent" can arrive
 * before the HTTP response that still says "sending": the older copy must not win.
 */
export function upsertMessage(page: MessagePage | undefined, message: MessageDto) {
  if (!page) return page;
  const exists = page.items.some((item) => item.id === message.id);
  const items = exists
    ? page.items.map((item) => (item.id === message.id && message.updatedAt >= item.updatedAt ? message : item))
    : [...page.items, message].sort((a, b) => a.sentAt.localeCompare(b.sentAt) || a.id.localeCompare(b.id));
  return { ...page, items };
}

/**
 * A freshly fetched latest page merged into what the cache holds. The fetch is a snapshot taken
 * before events that may already have patched the cache (a reply turning "sent" while the page was
 * on its way): the newer copy of each message wins, and older pages loaded earlier are kept.
 */
export function mergeLatestPage(current: MessagePage | undefined, fetched: MessagePage): MessagePage {
  if (!current) return fetched;
  let page: MessagePage = fetched;
  for (const message of current.items) page = upsertMessage(page, message) ?? page;
  const oldestCurrent = current.items[0]?.sentAt;
  const oldestFetched = fetched.items[0]?.sentAt;
  const keepsOlderPages = oldestCurrent !== undefined && (oldestFetched === undefined || oldestCurrent < oldestFetched);
  return { items: page.items, before: keepsOlderPages ? current.before : fetched.before };
}

/**
 * Puts a message into its conversation's cached page when that conversation is open (its query
 * exists), even before the first page has arrived: the page, when it lands, is merged with what
 * came in meanwhile (mergeLatestPage) instead of a "sent" being dropped on the floor.
 */
export function patchMessage(queryClient: QueryClient, message: MessageDto): void {
  const key = conversationKeys.messages(message.conversationId);
  if (!queryClient.getQueryCache().find({ queryKey: key, exact: true })) return;
  queryClient.setQueryData<MessagePage>(key, (page) => upsertMessage(page ?? { items: [], before: null }, message));
}
