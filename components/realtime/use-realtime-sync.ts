"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { UserDto } from "@/server/users/user-dto";
import { type ConversationPage, type MessagePage, upsertConversation, upsertMessage } from "../inbox/inbox-cache";
import { conversationKeys, userKeys } from "../query/query-keys";
import type { RealtimeSocket } from "./realtime-provider";

/**
 * The one map from realtime facts to the Query cache. HTTP owns the state; events patch it or mark
 * it stale. After a reconnect everything active is refetched, since events may have been missed.
 */
export function useRealtimeSync(socket: RealtimeSocket | null) {
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!socket) return;
    let connectedBefore = false;

    const onConnect = () => {
      if (connectedBefore) void queryClient.invalidateQueries({ refetchType: "active" });
      connectedBefore = true;
    };
    socket.on("connect", onConnect);

    socket.on("agent.presence_changed", (event) => {
      queryClient.setQueryData<UserDto[]>(userKeys.list(), (users) =>
        users?.map((user) =>
          user.id === event.userId ? { ...user, presence: event.presence, presenceChangedAt: event.changedAt } : user,
        ),
      );
    });

    socket.on("conversation.updated", (row) => {
      queryClient.setQueryData<ConversationPage>(conversationKeys.list(), (page) => upsertConversation(page, row));
    });

    const onMessage = (message: Parameters<typeof upsertMessage>[1]) => {
      queryClient.setQueryData<MessagePage>(conversationKeys.messages(message.conversationId), (page) =>
        upsertMessage(page, message),
      );
    };
    socket.on("message.created", onMessage);
    socket.on("message.updated", onMessage);

    socket.on("session.revoked", () => {
      window.location.assign("/login?ended=1");
    });

    return () => {
      socket.off("connect", onConnect);
      socket.off("agent.presence_changed");
      socket.off("conversation.updated");
      socket.off("message.created", onMessage);
      socket.off("message.updated", onMessage);
      socket.off("session.revoked");
    };
  }, [socket, queryClient]);
}
