"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Paperclip } from "lucide-react";
import { type ChangeEvent, type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from "react";
import type { ConversationListItem } from "@/server/conversations/conversation-dto";
import type { MessageDto } from "@/server/conversations/message-dto";
import { useI18n } from "../i18n/i18n-provider";
import { useColleagueName, useColleagues } from "../people/use-colleagues";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { cannedReplyKeys } from "../query/query-keys";
import { useRealtime } from "../realtime/realtime-provider";
import { useViewer } from "../shell/viewer";
import { newClientMsgId } from "./client-msg-id";
import { CopilotBar } from "./copilot-bar";
import { patchMessage } from "./inbox-cache";
import { TemplateFallback } from "./template-fallback";

type CannedReply = { id: string; shortcut: string; title: string; rendered: string };

const EMOJI = ["😀", "😊", "🙏", "👍", "👌", "🎉", "❤️", "🌹", "😅", "😢", "🤝", "💪", "📦", "🚚", "⏰", "✅"];
/** After this long without a keystroke, the agent is no longer "typing". */
const TYPING_IDLE_MS = 3000;

/** Closed, or its replies used up: only a template / subscription message can reach the customer. */
function windowShut(window: ConversationListItem["replyWindow"]): boolean {
  if (!window?.expiresAt) return false;
  return new Date(window.expiresAt).getTime() <= Date.now() || window.remaining === 0;
}

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
  return (
    <span className={window.remaining === 1 ? "warning" : undefined}>
      {text}
      {window.remaining === 1 && ` ${t("composer.lastOne")}`}
    </span>
  );
}

/** Tells the others in the conversation when this agent types (collision detection). */
function useTypingSignal(conversationId: string) {
  const { socket } = useRealtime();
  const typing = useRef(false);
  const idle = useRef<ReturnType<typeof setTimeout>>(undefined);
  const set = (value: boolean) => {
    if (typing.current === value) return;
    typing.current = value;
    socket?.emit("conversation.typing", { conversationId, typing: value }, () => {});
  };
  useEffect(
    () => () => {
      clearTimeout(idle.current);
    },
    [],
  );
  return {
    keystroke() {
      set(true);
      clearTimeout(idle.current);
      idle.current = setTimeout(() => set(false), TYPING_IDLE_MS);
    },
    stop() {
      clearTimeout(idle.current);
      set(false);
    },
  };
}

export function Composer(props: { conversation: ConversationListItem }) {
  const { conversation } = props;
  const { t } = useI18n();
  const errorText = useErrorText();
  const { user } = useViewer();
  const queryClient = useQueryClient();
  const nameOf = useColleagueName();
  const colleagues = useColleagues();
  const [mode, setMode] = useState<"reply" | "note">("reply");
  const [text, setText] = useState("");
  const [mentions, setMentions] = useState<{ id: string; name: string }[]>([]);
  const [highlight, setHighlight] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const [emojiOpen, setEmojiOpen] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const typing = useTypingSignal(conversation.id);

  const canned = useQuery({
    queryKey: cannedReplyKeys.forConversation(conversation.id),
    queryFn: async () =>
      (await apiFetch<{ replies: CannedReply[] }>(`/api/canned-replies?conversationId=${conversation.id}`)).replies,
    staleTime: 30_000,
  });

  const addToTimeline = ({ message }: { message: MessageDto }) => patchMessage(queryClient, message);
  const send = useMutation({
    mutationFn: (body: { text: string; clientMsgId: string }) =>
      apiFetch<{ message: MessageDto }>(`/api/conversations/${conversation.id}/messages`, { method: "POST", body }),
    onSuccess: addToTimeline,
  });
  const attach = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append("file", file);
      form.append("clientMsgId", newClientMsgId());
      return apiFetch<{ message: MessageDto }>(`/api/conversations/${conversation.id}/attachments`, {
        method: "POST",
        body: form,
      });
    },
    onSuccess: addToTimeline,
  });
  const fileInput = useRef<HTMLInputElement>(null);
  const onFileChosen = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (file) attach.mutate(file);
  };
  const note = useMutation({
    mutationFn: (body: { text: string; mentionUserIds: string[] }) =>
      apiFetch<{ message: MessageDto }>(`/api/conversations/${conversation.id}/notes`, { method: "POST", body }),
    onSuccess: addToTimeline,
  });

  // "/" at the start opens saved replies; "@" in a note opens colleagues.
  const slash = mode === "reply" && text.startsWith("/") ? text.slice(1).toLowerCase() : null;
  const cannedMatches =
    slash === null
      ? []
      : (canned.data ?? [])
          .filter((reply) => reply.shortcut.toLowerCase().startsWith(slash) || reply.title.includes(slash))
          .slice(0, 8);
  const mentionQuery = mode === "note" ? /@([^\s@]*)$/.exec(text)?.[1] : undefined;
  const mentionMatches =
    mentionQuery === undefined
      ? []
      : (colleagues.data ?? [])
          .filter((person) => person.name.toLowerCase().includes(mentionQuery.toLowerCase()))
          .slice(0, 8);
  const suggestions = slash !== null ? cannedMatches.length : mentionMatches.length;

  const pickCanned = (reply: CannedReply) => {
    setText(reply.rendered);
    setHighlight(0);
  };
  const pickMention = (person: { id: string; name: string }) => {
    setText((current) => current.replace(/@([^\s@]*)$/, `@${person.name} `));
    setMentions((current) => (current.some((item) => item.id === person.id) ? current : [...current, person]));
    setHighlight(0);
  };

  const othersAssigned = conversation.assigneeId !== null && conversation.assigneeId !== user.id;
  const submit = (confirmed = false) => {
    const trimmed = text.trim();
    if (!trimmed) return;
    if (mode === "reply" && othersAssigned && !confirmed) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    typing.stop();
    // Cleared now, not on success: the agent may already be typing the next message. A refused
    // message comes back into an empty box so nothing is lost.
    setText("");
    const restore = { onError: () => setText((current) => current || trimmed) };
    if (mode === "note") {
      const ids = mentions.filter((person) => trimmed.includes(`@${person.name}`)).map((person) => person.id);
      setMentions([]);
      note.mutate({ text: trimmed, mentionUserIds: ids }, restore);
      return;
    }
    send.mutate({ text: trimmed, clientMsgId: newClientMsgId() }, restore);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (suggestions > 0 && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      setHighlight((current) => (current + (event.key === "ArrowDown" ? 1 : suggestions - 1)) % suggestions);
      return;
    }
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      const canned = cannedMatches[highlight];
      const person = mentionMatches[highlight];
      if (slash !== null && canned) pickCanned(canned);
      else if (mentionQuery !== undefined && person) pickMention(person);
      else submit();
      return;
    }
    if (event.key === "Escape") setConfirming(false);
  };
  const error = mode === "note" ? note.error : (send.error ?? attach.error);
  return (
    <>
      {/* Its own form, beside the composer's: forms cannot nest. */}
      {mode === "reply" && windowShut(conversation.replyWindow) && <TemplateFallback conversation={conversation} />}
      <form className={mode === "note" ? "composer composer-note" : "composer"} onSubmit={onSubmit}>
        <div className="composer-modes" role="tablist">
          <button
            type="button"
            role="tab"
            aria-selected={mode === "reply"}
            className={mode === "reply" ? "tab tab-active" : "tab"}
            onClick={() => setMode("reply")}
          >
            {t("composer.reply")}
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={mode === "note"}
            className={mode === "note" ? "tab tab-active" : "tab"}
            onClick={() => setMode("note")}
            data-testid="composer-note-mode"
          >
            {t("composer.note")}
          </button>
          {mode === "reply" ? (
            <span className="composer-window" data-testid="reply-window">
              <WindowHint window={conversation.replyWindow} />
            </span>
          ) : (
            <span className="composer-window muted">{t("composer.noteHint")}</span>
          )}
        </div>
        {suggestions > 0 && (
          <ul className="suggestions" data-testid="composer-suggestions">
            {slash !== null
              ? cannedMatches.map((reply, index) => (
                  <li key={reply.id} className={index === highlight ? "suggestion-active" : undefined}>
                    <button
                      type="button"
                      onMouseDown={(event) => event.preventDefault()}
                      onClick={() => pickCanned(reply)}
                    >
                      <strong>/{reply.shortcut}</strong> {reply.title}
                      <span className="muted small"> {reply.rendered}</span>
                    </button>
                  </li>
                ))
              : mentionMatches.map((person, index) => (
                  <li key={person.id} className={index === highlight ? "suggestion-active" : undefined}>
                    <button
                      type="button"
                      onMouseDown={(event) => event.preventDefault()}
                      onClick={() => pickMention(person)}
                    >
                      @{person.name}
                    </button>
                  </li>
                ))}
          </ul>
        )}
        {mode === "reply" && (
          <CopilotBar
            conversationId={conversation.id}
            lastActivityAt={conversation.lastActivityAt}
            onInsert={(suggested) => {
              setText(suggested);
              input.current?.focus();
            }}
          />
        )}
        <textarea
          ref={input}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setHighlight(0);
            if (mode === "reply") typing.keystroke();
          }}
          onKeyDown={onKeyDown}
          onBlur={typing.stop}
          placeholder={mode === "note" ? t("composer.notePlaceholder") : t("composer.placeholder")}
          rows={3}
          aria-label={mode === "note" ? t("composer.notePlaceholder") : t("composer.placeholder")}
          data-testid="composer-input"
          id="composer-input"
        />
        {confirming && (
          <p className="warning" role="alert" data-testid="composer-confirm">
            {t("composer.confirmOthers", { name: nameOf(conversation.assigneeId) ?? "" })}{" "}
            <button type="button" className="button-primary" onClick={() => submit(true)}>
              {t("composer.sendAnyway")}
            </button>
          </p>
        )}
        {error && (
          <p className="form-error" role="alert" data-testid="composer-error">
            {errorText(error)}
          </p>
        )}
        <div className="composer-actions">
          <button
            type="button"
            className="button-ghost"
            onClick={() => setEmojiOpen(!emojiOpen)}
            aria-label={t("composer.emoji")}
          >
            😊
          </button>
          {emojiOpen && (
            <div className="emoji-grid">
              {EMOJI.map((emoji) => (
                <button
                  key={emoji}
                  type="button"
                  onClick={() => {
                    setText((current) => current + emoji);
                    setEmojiOpen(false);
                    input.current?.focus();
                  }}
                >
                  {emoji}
                </button>
              ))}
            </div>
          )}
          {mode === "reply" && (
            <>
              <button
                type="button"
                className="button-ghost"
                onClick={() => fileInput.current?.click()}
                disabled={attach.isPending}
                aria-label={t("composer.attach")}
                title={t("composer.attach")}
                data-testid="composer-attach"
              >
                <Paperclip size={16} aria-hidden />
              </button>
              <input ref={fileInput} type="file" hidden onChange={onFileChosen} data-testid="composer-file" />
            </>
          )}
          <span className="muted small">{attach.isPending ? t("composer.uploading") : t("composer.slashHint")}</span>
          <button type="submit" className="button-primary" disabled={!text.trim()}>
            {mode === "note" ? t("composer.addNote") : t("composer.send")}
          </button>
        </div>
      </form>
    </>
  );
}
