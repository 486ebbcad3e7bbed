"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { ConversationListItem } from "@/server/conversations/conversation-dto";
import type { ConversationViewer } from "@/server/realtime/events";
import { useI18n } from "../i18n/i18n-provider";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { conversationKeys } from "../query/query-keys";
import { useRealtime } from "../realtime/realtime-provider";
import { useViewer } from "../shell/viewer";
import { BotHandoffCard } from "./bot-handoff-card";
import { Composer } from "./composer";
import { ConversationHeader } from "./conversation-header";
import { type MessagePage, mergeLatestPage } from "./inbox-cache";
import { MessageBubble } from "./message-bubble";
import type { ConversationActions } from "./use-conversation-actions";

const PAGE_SIZE = 50;
/** Within this distance of the bottom, a new message scrolls the timeline along. */
const STICK_TO_BOTTOM_PX = 120;

const pageUrl = (conversationId: string, before?: string) =>
  `/api/conversations/${conversationId}/messages?limit=${PAGE_SIZE}${before ? `&before=${encodeURIComponent(before)}` : ""}`;

/** Others who have this conversation open right now, and whether they are typing. */
function useViewers(conversationId: string): ConversationViewer[] {
  const { socket } = useRealtime();
  const { user } = useViewer();
  const [viewers, setViewers] = useState<ConversationViewer[]>([]);
  useEffect(() => {
    if (!socket) return;
    const onChange = (event: { conversationId: string; viewers: ConversationViewer[] }) => {
      if (event.conversationId === conversationId)
        setViewers(event.viewers.filter((viewer) => viewer.userId !== user.id));
    };
    socket.on("conversation.viewers_changed", onChange);
    return () => {
      socket.off("conversation.viewers_changed", onChange);
    };
  }, [socket, conversationId, user.id]);
  return viewers;
}

function Viewers({ viewers }: { viewers: ConversationViewer[] }) {
  const { t } = useI18n();
  if (viewers.length === 0) return null;
  const typing = viewers.filter((viewer) => viewer.typing);
  return (
    <div className="viewers" data-testid="conversation-viewers" role="status">
      {typing.length > 0
        ? t("conversation.othersTyping", { names: typing.map((viewer) => viewer.name).join("、") })
        : t("conversation.othersViewing", { names: viewers.map((viewer) => viewer.name).join("、") })}
    </div>
  );
}

/**
 * One cached page per conversation: the latest messages, patched live by the socket, with older
 * pages prepended as the agent scrolls up. The scroll position stays put while they arrive.
 */
export function ConversationView(props: { conversation: ConversationListItem; actions: ConversationActions }) {
  const { conversation, actions } = props;
  const { t } = useI18n();
  const errorText = useErrorText();
  const { user } = useViewer();
  const queryClient = useQueryClient();
  const { socket, status } = useRealtime();
  const scroller = useRef<HTMLDivElement>(null);
  const topSentinel = useRef<HTMLDivElement>(null);
  const key = conversationKeys.messages(conversation.id);
  const messages = useQuery({
    queryKey: key,
    queryFn: async () => {
      const fetched = await apiFetch<MessagePage>(pageUrl(conversation.id));
      // The cache as it is now, not as it was when the fetch began: what the socket or a send
      // patched in while the page was on its way must survive.
      return mergeLatestPage(queryClient.getQueryData<MessagePage>(key), fetched);
    },
  });
  const older = useMutation({
    mutationFn: (before: string) => apiFetch<MessagePage>(pageUrl(conversation.id, before)),
    onSuccess: (page) =>
      queryClient.setQueryData<MessagePage>(key, (current) =>
        current ? { items: [...page.items, ...current.items], before: page.before } : current,
      ),
  });
  const viewers = useViewers(conversation.id);

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

  // The assignee has seen it: clear the unread badge.
  const unread = conversation.unreadCount > 0 && conversation.assigneeId === user.id;
  useEffect(() => {
    if (unread) void apiFetch(`/api/conversations/${conversation.id}/read`, { method: "POST" }).catch(() => {});
  }, [unread, conversation.id]);

  // Older pages when the top comes into view.
  const before = messages.data?.before ?? null;
  const loadingOlder = older.isPending;
  const loadOlder = older.mutate;
  useEffect(() => {
    const sentinel = topSentinel.current;
    if (!sentinel || !before) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !loadingOlder) loadOlder(before);
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [before, loadingOlder, loadOlder]);

  // Keep the view anchored: prepended history keeps what was on screen in place; a new message
  // scrolls along only if the agent was already at the bottom.
  const items = messages.data?.items ?? [];
  const firstId = items[0]?.id;
  const lastId = items.at(-1)?.id;
  const anchor = useRef<{ firstId?: string; lastId?: string; height: number; atBottom: boolean }>({
    height: 0,
    atBottom: true,
  });
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const previous = anchor.current;
    if (previous.firstId && firstId !== previous.firstId && lastId === previous.lastId) {
      element.scrollTop += element.scrollHeight - previous.height;
    } else if (lastId !== previous.lastId && (previous.atBottom || !previous.lastId)) {
      element.scrollTop = element.scrollHeight;
    }
    anchor.current = { firstId, lastId, height: element.scrollHeight, atBottom: previous.atBottom };
  }, [firstId, lastId]);
  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    anchor.current.atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < STICK_TO_BOTTOM_PX;
    anchor.current.height = element.scrollHeight;
  };

  const windowExpired =
    conversation.replyWindow?.expiresAt && new Date(conversation.replyWindow.expiresAt).getTime() < Date.now();
  return (
    <section className="conversation-view" data-testid="conversation-view">
      <ConversationHeader conversation={conversation} actions={actions} />
      <Viewers viewers={viewers} />
      <BotHandoffCard conversation={conversation} />
      <div className="messages" ref={scroller} onScroll={onScroll} data-testid="messages">
        <div ref={topSentinel} />
        {before && (
          <button type="button" className="button-ghost" disabled={loadingOlder} onClick={() => loadOlder(before)}>
            {loadingOlder ? t("common.loading") : t("inbox.olderMessages")}
          </button>
        )}
        {messages.isPending && <p className="muted">{t("common.loading")}</p>}
        {messages.isError && <p className="form-error">{errorText(messages.error)}</p>}
        {items.map((message) => (
          <MessageBubble key={message.id} message={message} />
        ))}
        {windowExpired && conversation.status !== "RESOLVED" && (
          <div className="timeline-event" data-testid="window-expired">
            {t("conversation.windowExpired")}
          </div>
        )}
      </div>
      <Composer conversation={conversation} />
    </section>
  );
}
