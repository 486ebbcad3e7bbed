"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef } from "react";
import type { ConversationListItem } from "@/server/conversations/conversation-dto";
import { useI18n } from "../i18n/i18n-provider";
import type { MessageKey } from "../i18n/messages";
import { useColleagueName } from "../people/use-colleagues";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { conversationKeys } from "../query/query-keys";
import { useViewer } from "../shell/viewer";
import type { ConversationPage } from "./inbox-cache";
import { filtersToQuery, type InboxFilters } from "./inbox-filters";
import { withRowsHeardSince } from "./recent-rows";
import { WaitingBadge } from "./waiting-badge";

const PAGE_SIZE = 50;
const ROW_HEIGHT = 84;

export function useConversationList(filters: InboxFilters) {
  const query = filtersToQuery(filters).toString();
  const { user } = useViewer();
  return useInfiniteQuery({
    queryKey: conversationKeys.list(query),
    queryFn: async ({ pageParam }) => {
      const startedAt = performance.now();
      const page = await apiFetch<ConversationPage>(
        `/api/conversations?${query}&limit=${PAGE_SIZE}${pageParam ? `&after=${encodeURIComponent(pageParam)}` : ""}`,
      );
      // Rows heard over the socket while this page was on its way are newer than what it read.
      return pageParam ? page : withRowsHeardSince(page, startedAt, filters, user.id);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });
}

export function useConversationCounts() {
  return useQuery({
    queryKey: conversationKeys.counts(),
    queryFn: () => apiFetch<{ mine: number; queue: number; mineUnread: number }>("/api/conversations/counts"),
  });
}

export function flattenConversations(data: { pages: ConversationPage[] } | undefined): ConversationListItem[] {
  return data?.pages.flatMap((page) => page.items) ?? [];
}

function Row({ conversation, selected }: { conversation: ConversationListItem; selected: boolean }) {
  const { t } = useI18n();
  const nameOf = useColleagueName();
  const assignee = nameOf(conversation.assigneeId);
  return (
    <>
      <span className="conversation-row-top">
        <span className="conversation-name">{conversation.customer.name}</span>
        <span className={`channel-badge channel-${conversation.channel.kind.toLowerCase()}`}>
          {t(`channel.${conversation.channel.kind}`)}
        </span>
      </span>
      <span className="conversation-preview">{conversation.lastMessagePreview}</span>
      <span className="conversation-row-bottom">
        <span className={`badge status-${conversation.status.toLowerCase()}`}>
          {t(`status.${conversation.status}`)}
        </span>
        {conversation.priority === "HIGH" || conversation.priority === "URGENT" ? (
          <span className={`badge priority-${conversation.priority.toLowerCase()}`}>
            {t(`priority.${conversation.priority}`)}
          </span>
        ) : null}
        {conversation.intent && conversation.intent !== "OTHER" && (
          <span className="badge" data-testid="row-intent">
            {t(`intent.${conversation.intent}` as MessageKey)}
          </span>
        )}
        {conversation.customer.openAnomalyCount > 0 && (
          <span
            className="badge badge-anomaly"
            data-testid="row-anomalies"
            title={t("inbox.openAnomalies", { count: conversation.customer.openAnomalyCount })}
          >
            {t("inbox.anomalyBadge", { count: conversation.customer.openAnomalyCount })}
          </span>
        )}
        <WaitingBadge since={conversation.waitingSince} />
        {assignee && !selected ? <span className="muted small">{assignee}</span> : null}
        {conversation.unreadCount > 0 && (
          <span className="unread" data-testid="unread-count">
            {conversation.unreadCount}
          </span>
        )}
      </span>
    </>
  );
}

/**
 * The conversation list: only the rows in view are in the DOM (10,000 open conversations scroll
 * like 10), the next page loads as the end comes into view, and rows move live with the socket.
 */
export function ConversationList(props: {
  list: ReturnType<typeof useConversationList>;
  selectedId: string | null;
  onSelect(id: string): void;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { list, selectedId, onSelect } = props;
  const items = flattenConversations(list.data);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => items[index]?.id ?? index,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastIndex = virtualRows.at(-1)?.index ?? 0;

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= items.length - 10) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, lastIndex, items.length]);

  if (list.isPending) return <p className="muted pad">{t("common.loading")}</p>;
  if (list.isError) return <p className="form-error pad">{errorText(list.error)}</p>;
  if (items.length === 0) return <p className="muted pad">{t("inbox.empty")}</p>;
  return (
    <div className="conversation-scroller" ref={scroller} data-testid="conversation-list">
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualRows.map((virtualRow) => {
          const conversation = items[virtualRow.index];
          if (!conversation) return null;
          const selected = conversation.id === selectedId;
          return (
            <button
              key={conversation.id}
              type="button"
              className={selected ? "conversation-row conversation-row-active" : "conversation-row"}
              style={{
                position: "absolute",
                top: 0,
                left: 0,
                right: 0,
                transform: `translateY(${virtualRow.start}px)`,
              }}
              onClick={() => onSelect(conversation.id)}
              data-testid="conversation-row"
              data-conversation-id={conversation.id}
              aria-current={selected ? "true" : undefined}
            >
              <Row conversation={conversation} selected={selected} />
            </button>
          );
        })}
      </div>
      {isFetchingNextPage && <p className="muted pad small">{t("common.loading")}</p>}
    </div>
  );
}
