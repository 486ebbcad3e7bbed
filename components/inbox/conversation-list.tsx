"use client";

import { useQuery } from "@tanstack/react-query";
import { useI18n } from "../i18n/i18n-provider";
import { apiFetch } from "../query/fetcher";
import { conversationKeys } from "../query/query-keys";
import type { ConversationPage } from "./inbox-cache";

export function useConversations() {
  return useQuery({
    queryKey: conversationKeys.list(),
    queryFn: () => apiFetch<ConversationPage>("/api/conversations?limit=100"),
  });
}

export function ConversationList(props: {
  conversations: ReturnType<typeof useConversations>;
  selectedId: string | null;
  onSelect(id: string): void;
}) {
  const { t } = useI18n();
  const { conversations, selectedId, onSelect } = props;
  if (conversations.isPending) return <p className="muted pad">{t("common.loading")}</p>;
  if (conversations.isError) return <p className="form-error pad">{conversations.error.message}</p>;
  if (conversations.data.items.length === 0) return <p className="muted pad">{t("inbox.empty")}</p>;
  return (
    <ul className="conversation-list" data-testid="conversation-list">
      {conversations.data.items.map((conversation) => (
        <li key={conversation.id}>
          <button
            type="button"
            className={conversation.id === selectedId ? "conversation-row conversation-row-active" : "conversation-row"}
            onClick={() => onSelect(conversation.id)}
            data-testid="conversation-row"
            data-conversation-id={conversation.id}
          >
            <span className="conversation-row-top">
              <span className="conversation-name">{conversation.customer.name}</span>
              <span className={`channel-badge channel-${conversation.channel.kind.toLowerCase()}`}>
                {t(`channel.${conversation.channel.kind}`)}
              </span>
            </span>
            <span className="conversation-preview">{conversation.lastMessagePreview}</span>
            <span className="conversation-row-bottom">
              <span className="badge">{t(`status.${conversation.status}`)}</span>
              {conversation.unreadCount > 0 && <span className="unread">{conversation.unreadCount}</span>}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
