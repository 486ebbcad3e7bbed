"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { ConversationListItem } from "@/server/conversations/conversation-dto";
import { apiFetch } from "../query/fetcher";
import { conversationKeys } from "../query/query-keys";

type TransferTarget = { kind: "agent"; userId: string } | { kind: "team"; teamId: string };

/**
 * What an agent can do to a conversation. The server answers with the new row; the socket brings
 * the same row to everyone else, and the cache keeps whichever copy is newer.
 */
export function useConversationActions(conversationId: string | null) {
  const queryClient = useQueryClient();
  const base = `/api/conversations/${conversationId}`;
  const settle = (row: ConversationListItem | null | undefined) => {
    if (row && conversationId) queryClient.setQueryData(conversationKeys.one(conversationId), row);
    void queryClient.invalidateQueries({ queryKey: conversationKeys.lists() });
    void queryClient.invalidateQueries({ queryKey: conversationKeys.counts() });
  };
  const post = (path: string, body: unknown = {}) =>
    apiFetch<ConversationListItem>(`${base}${path}`, { method: "POST", body });

  const actions = {
    claim: useMutation({ mutationFn: () => post("/claim"), onSuccess: settle }),
    resolve: useMutation({
      mutationFn: (closingMessage?: string) => post("/resolve", closingMessage ? { closingMessage } : {}),
      onSuccess: settle,
    }),
    reopen: useMutation({ mutationFn: () => post("/reopen"), onSuccess: settle }),
    snooze: useMutation({ mutationFn: (until: Date) => post("/snooze", { until }), onSuccess: settle }),
    transfer: useMutation({
      mutationFn: async (input: { to: TransferTarget; note?: string }) =>
        (
          await apiFetch<{ conversation: ConversationListItem | null }>(`${base}/transfer`, {
            method: "POST",
            body: input,
          })
        ).conversation,
      onSuccess: settle,
    }),
    update: useMutation({
      mutationFn: (input: { priority?: ConversationListItem["priority"]; tags?: string[] }) =>
        apiFetch<ConversationListItem>(base, { method: "PATCH", body: input }),
      onSuccess: settle,
    }),
  };
  // An error belongs to the conversation it happened in, not to the next one opened.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the conversation changes.
  useEffect(() => {
    for (const mutation of Object.values(actions)) mutation.reset();
  }, [conversationId]);
  return actions;
}

export type ConversationActions = ReturnType<typeof useConversationActions>;
