"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { ConversationListItem } from "@/server/conversations/conversation-dto";
import { useI18n } from "../i18n/i18n-provider";
import { apiFetch } from "../query/fetcher";
import { conversationKeys } from "../query/query-keys";
import { useRealtime } from "../realtime/realtime-provider";
import { Composer } from "./composer";
import { type MessagePage, mergeLatestPage } from "./inbox-cache";
import { MessageBubble } from "./message-bubble";

const pageUrl = (conversationId: string, before?: string) =>
  `/api/conversations/${conversationId}/messages?limit=50${before ? `&before=${encodeURIComponent(before)}` : ""}`;

/**
 * One cached page per conversation: the latest messages, patched live by the socket, with older
 * pages prepended on demand.
 */
export function ConversationView({ conversation }: { conversation: ConversationListItem }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { socket, status } = useRealtime();
  const bottom = useRef<HTMLDivElement>(null);
  const key = conversationKeys.messages(conversation.id);
  const messages = useQuery({
    queryKey: key,
    queryFn: async () =>
      mergeLatestPage(
        queryClient.getQueryData<MessagePage>(key),
        await apiFetch<MessagePage>(pageUrl(conversation.id)),
      ),
  });
  const older = useMutation({
    mutationFn: (before: string) => apiFetch<MessagePage>(pageUrl(conversation.id, before)),
    onSuccess: (page) =>
      queryClient.setQueryData<MessagePage>(key, (current) =>
        current ? { items: [...page.items, ...current.items], before: page.before } : current,
      ),
  });

  useEffect(() => {
    if (!socket || status !== "connected") return;
    // Events published before the join completes never reach this tab: once joined, read the
    // latest page again so nothing that happened in between (a reply turning "sent") is missed.
    socket.emit("conversation.subscribe", { conversationId: conversation.id }, (result) => {
      if (result.ok) void queryClient.invalidateQueries({ queryKey: conversationKeys.messages(conversation.id) });
    });
    return () => {
      socket.emit("conversation.unsubscribe", { conversationId: conversation.id }, () => {});
    };
  }, [socket, status, conversation.id, queryClient]);

  const count = messages.data?.items.length ?? 0;
  useEffect(() => {
    if (count > 0) bottom.current?.scrollIntoView({ block: "end" });
  }, [count]);

  return (
    <section className="conversation-view" data-testid="conversation-view">
      <header className="conversation-header">
        <strong>{conversation.customer.name}</strong>
        <span className={`channel-badge channel-${conversation.channel.kind.toLowerCase()}`}>
          {t(`channel.${conversation.channel.kind}`)}
        </span>
        <span className="badge">{t(`status.${conversation.status}`)}</span>
      </header>
      <div className="messages">
        {messages.data?.before && (
          <button
            type="button"
            className="button-ghost"
            disabled={older.isPending}
            onClick={() => messages.data?.before && older.mutate(messages.data.before)}
          >
            {t("inbox.olderMessages")}
          </button>
        )}
        {messages.isPending && <p className="muted">{t("common.loading")}</p>}
        {messages.isError && <p className="form-error">{messages.error.message}</p>}
        {messages.data?.items.map((message) => (
          <MessageBubble key={message.id} message={message} />
        ))}
        <div ref={bottom} />
      </div>
      <Composer conversation={conversation} />
    </section>
  );
}
