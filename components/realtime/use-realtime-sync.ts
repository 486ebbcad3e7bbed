"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { ConversationListItem } from "@/server/conversations/conversation-dto";
import type { MessageDto } from "@/server/conversations/message-dto";
import type { BatchedServerEvent } from "@/server/realtime/events";
import type { Colleague } from "@/server/users/list-colleagues";
import type { UserDto } from "@/server/users/user-dto";
import { patchMessage } from "../inbox/inbox-cache";
import { applyRow, type ConversationPages, readFilters, removeRow } from "../inbox/inbox-filters";
import { rememberRows } from "../inbox/recent-rows";
import {
  anomalyKeys,
  colleagueKeys,
  conversationKeys,
  customerKeys,
  orderKeys,
  remedyKeys,
  userKeys,
} from "../query/query-keys";
import { useViewer } from "../shell/viewer";
import { dispatchBatchedEvents } from "./dispatch-batched-events";
import type { RealtimeSocket } from "./realtime-provider";

/** Tab counts change with almost every event; they are re-read at most this often. */
const COUNTS_REFRESH_MS = 1500;

/**
 * The one map from realtime facts to the Query cache. HTTP owns the state; events patch it or mark
 * it stale. On every connect everything active is refetched, since events may have been missed.
 */
export function useRealtimeSync(socket: RealtimeSocket | null) {
  const queryClient = useQueryClient();
  const { user } = useViewer();

  useEffect(() => {
    if (!socket) return;
    let countsTimer: ReturnType<typeof setTimeout> | undefined;
    const refreshCounts = () => {
      countsTimer ??= setTimeout(() => {
        countsTimer = undefined;
        void queryClient.invalidateQueries({ queryKey: conversationKeys.counts() });
      }, COUNTS_REFRESH_MS);
    };

    // Events are only heard while connected: whatever was fetched before this connection (the
    // first page load, or the time offline before a reconnect) is read again once it is up.
    const onConnect = () => {
      void queryClient.invalidateQueries({ refetchType: "active" });
    };
    socket.on("connect", onConnect);

    socket.on("agent.presence_changed", (event) => {
      queryClient.setQueryData<UserDto[]>(userKeys.list(), (users) =>
        users?.map((person) =>
          person.id === event.userId
            ? { ...person, presence: event.presence, presenceChangedAt: event.changedAt }
            : person,
        ),
      );
      queryClient.setQueryData<Colleague[]>(colleagueKeys.all, (people) =>
        people?.map((person) => (person.id === event.userId ? { ...person, presence: event.presence } : person)),
      );
    });

    const onMessage = (message: MessageDto) => patchMessage(queryClient, message);
    const onBatch = (events: BatchedServerEvent[]) => {
      const rows: ConversationListItem[] = [];
      dispatchBatchedEvents(events, {
        "conversation.updated": (row) => rows.push(row),
        "message.created": onMessage,
        "message.updated": onMessage,
      });
      if (rows.length === 0) return;
      rememberRows(rows);
      // Every cached list (one per filter set in its key) takes or drops each row by its own filter.
      for (const [key] of queryClient.getQueriesData<ConversationPages>({ queryKey: conversationKeys.lists() })) {
        const filters = readFilters(new URLSearchParams(String(key[2] ?? "")));
        queryClient.setQueryData<ConversationPages>(key, (data) =>
          rows.reduce((pages, row) => applyRow(pages, row, filters, user.id), data),
        );
      }
      for (const row of rows) {
        queryClient.setQueryData<ConversationListItem>(conversationKeys.one(row.id), (current) =>
          current && current.updatedAt > row.updatedAt ? current : row,
        );
      }
      refreshCounts();
    };
    socket.on("events.batched", onBatch);

    socket.on("conversation.removed", ({ id }) => {
      queryClient.setQueriesData<ConversationPages>({ queryKey: conversationKeys.lists() }, (data) =>
        removeRow(data, id),
      );
      queryClient.removeQueries({ queryKey: conversationKeys.one(id) });
      queryClient.removeQueries({ queryKey: conversationKeys.messages(id) });
      refreshCounts();
    });

    socket.on("order.updated", ({ customerId }) => {
      void queryClient.invalidateQueries({ queryKey: customerKeys.orders(customerId) });
      void queryClient.invalidateQueries({ queryKey: customerKeys.profile(customerId) });
      void queryClient.invalidateQueries({ queryKey: orderKeys.all });
    });

    socket.on("anomalies.changed", (event) => {
      void queryClient.invalidateQueries({ queryKey: anomalyKeys.all });
      // The inbox rows carry their customer's open count: the lists showing a changed customer read again.
      const changed = new Set(
        [...event.opened, ...event.resolved].flatMap((anomaly) => (anomaly.customerId ? [anomaly.customerId] : [])),
      );
      if (changed.size === 0) return;
      const shown = queryClient
        .getQueriesData<ConversationPages>({ queryKey: conversationKeys.lists() })
        .some(([, pages]) => pages?.pages.some((page) => page.items.some((row) => changed.has(row.customer.id))));
      if (shown) void queryClient.invalidateQueries({ queryKey: conversationKeys.lists() });
    });

    socket.on("remedies.changed", ({ customerId }) => {
      void queryClient.invalidateQueries({ queryKey: remedyKeys.all });
      void queryClient.invalidateQueries({ queryKey: orderKeys.all });
      void queryClient.invalidateQueries({ queryKey: customerKeys.orders(customerId) });
      void queryClient.invalidateQueries({ queryKey: anomalyKeys.all });
    });

    socket.on("session.revoked", () => {
      window.location.assign("/login?ended=1");
    });

    return () => {
      clearTimeout(countsTimer);
      socket.off("connect", onConnect);
      socket.off("agent.presence_changed");
      socket.off("events.batched", onBatch);
      socket.off("conversation.removed");
      socket.off("order.updated");
      socket.off("remedies.changed");
      socket.off("anomalies.changed");
      socket.off("session.revoked");
    };
  }, [socket, queryClient, user.id]);
}
