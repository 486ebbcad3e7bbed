"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type KeyboardEvent, useState } from "react";
import type { ConversationListItem } from "@/server/conversations/conversation-dto";
import type { MessageDto } from "@/server/conversations/message-dto";
import { useI18n } from "../i18n/i18n-provider";
import { apiFetch } from "../query/fetcher";
import { conversationKeys } from "../query/query-keys";
import { type MessagePage, upsertMessage } from "./inbox-cache";

function WindowHint({ window }: { window: ConversationListItem["replyWindow"] }) {
  const { t } = useI18n();
  if (!window?.expiresAt) return <span>{t("composer.noWindow")}</span>;
  const msLeft = new Date(window.expiresAt).getTime() - Date.now();
  if (msLeft <= 0) return <span className="warning">{t("composer.windowClosed")}</span>;
  if (window.remaining === 0) return <span className="warning">{t("composer.quotaUsed")}</span>;
  if (window.remaining === null)
    return <span>{t("composer.windowUnlimited", { hours: Math.ceil(msLeft / 3600_000) })}</span>;
  const text =
    msLeft < 3600_000
      ? t("composer.windowMinutes", { count: window.remaining, minutes: Math.max(1, Math.ceil(msLeft / 60_000)) })
      : t("composer.windowLeft", { count: window.remaining, hours: Math.ceil(msLeft / 3600_000) });
  return <span className={window.remaining === 1 ? "warning" : undefined}>{text}</span>;
}

export function Composer({ conversation }: { conversation: ConversationListItem }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const send = useMutation({
    mutationFn: (body: { text: string; clientMsgId: string }) =>
      apiFetch<{ message: MessageDto }>(`/api/conversations/${conversation.id}/messages`, { method: "POST", body }),
    onSuccess: ({ message }) => {
      queryClient.setQueryData<MessagePage>(conversationKeys.messages(conversation.id), (page) =>
        upsertMessage(page, message),
      );
    },
  });
  const submit = () => {
    const trimmed = text.trim();
    if (!trimmed) return;
    // Cleared now, not on success: the agent may already be typing the next message. A refused
    // message comes back into an empty box so nothing is lost.
    setText("");
    send.mutate(
      // A client id per attempt: a retried request never sends twice.
      { text: trimmed, clientMsgId: `web${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}` },
      { onError: () => setText((current) => current || trimmed) },
    );
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };
  return (
    <form className="composer" onSubmit={onSubmit}>
      <div className="composer-window" data-testid="reply-window">
        <WindowHint window={conversation.replyWindow} />
      </div>
      <textarea
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        placeholder={t("composer.placeholder")}
        rows={3}
        aria-label={t("composer.placeholder")}
        data-testid="composer-input"
      />
      {send.isError && (
        <p className="form-error" role="alert" data-testid="composer-error">
          {send.error.message}
        </p>
      )}
      <button type="submit" className="button-primary" disabled={!text.trim()}>
        {t("composer.send")}
      </button>
    </form>
  );
}
