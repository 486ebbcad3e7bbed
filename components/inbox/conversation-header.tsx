"use client";

import { useState } from "react";
import type { ConversationListItem } from "@/server/conversations/conversation-dto";
import { useI18n } from "../i18n/i18n-provider";
import { useColleagueName, useColleagues } from "../people/use-colleagues";
import { useErrorText } from "../query/error-text";
import { useViewer } from "../shell/viewer";
import { PRIORITIES } from "./inbox-filters";
import { useTeams } from "./inbox-toolbar";
import type { ConversationActions } from "./use-conversation-actions";

function tomorrowMorning(): Date {
  const date = new Date();
  date.setDate(date.getDate() + 1);
  date.setHours(9, 0, 0, 0);
  return date;
}

function TransferPanel(props: { conversation: ConversationListItem; actions: ConversationActions; onDone(): void }) {
  const { t } = useI18n();
  const { user } = useViewer();
  const colleagues = useColleagues();
  const teams = useTeams();
  const [target, setTarget] = useState("");
  const [note, setNote] = useState("");
  const candidates = (colleagues.data ?? []).filter(
    (person) => person.id !== user.id && person.id !== props.conversation.assigneeId,
  );
  const submit = () => {
    const [kind, id] = target.split(":");
    if (!id) return;
    props.actions.transfer.mutate(
      {
        to: kind === "team" ? { kind: "team", teamId: id } : { kind: "agent", userId: id },
        note: note.trim() || undefined,
      },
      { onSuccess: props.onDone },
    );
  };
  return (
    <div className="action-panel" data-testid="transfer-panel">
      <select
        value={target}
        onChange={(event) => setTarget(event.target.value)}
        aria-label={t("conversation.transferTo")}
      >
        <option value="">{t("conversation.transferTo")}</option>
        <optgroup label={t("conversation.agents")}>
          {candidates.map((person) => (
            <option key={person.id} value={`agent:${person.id}`} disabled={person.presence === "OFFLINE"}>
              {person.name} · {t(`presence.${person.presence}`)}
            </option>
          ))}
        </optgroup>
        <optgroup label={t("conversation.teams")}>
          {teams.data?.map((team) => (
            <option key={team.id} value={`team:${team.id}`}>
              {team.name}
            </option>
          ))}
        </optgroup>
      </select>
      <input
        value={note}
        onChange={(event) => setNote(event.target.value)}
        placeholder={t("conversation.transferNote")}
        maxLength={500}
        data-testid="transfer-note"
      />
      <button
        type="button"
        className="button-primary"
        disabled={!target || props.actions.transfer.isPending}
        onClick={submit}
      >
        {t("conversation.transfer")}
      </button>
    </div>
  );
}

function ResolvePanel(props: { conversation: ConversationListItem; actions: ConversationActions; onDone(): void }) {
  const { t } = useI18n();
  const [sendClosing, setSendClosing] = useState(props.conversation.channel.kind === "WECOM_KF");
  const [closing, setClosing] = useState(t("conversation.closingDefault"));
  return (
    <div className="action-panel" data-testid="resolve-panel">
      <label className="checkbox">
        <input type="checkbox" checked={sendClosing} onChange={(event) => setSendClosing(event.target.checked)} />
        {props.conversation.channel.kind === "WECOM_KF" ? t("conversation.closingKf") : t("conversation.closingReply")}
      </label>
      {sendClosing && <input value={closing} onChange={(event) => setClosing(event.target.value)} maxLength={600} />}
      <button
        type="button"
        className="button-primary"
        disabled={props.actions.resolve.isPending}
        onClick={() =>
          props.actions.resolve.mutate(sendClosing && closing.trim() ? closing.trim() : undefined, {
            onSuccess: props.onDone,
          })
        }
        data-testid="resolve-confirm"
      >
        {t("conversation.resolve")}
      </button>
    </div>
  );
}

function Tags({ conversation, actions }: { conversation: ConversationListItem; actions: ConversationActions }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState("");
  const save = (tags: string[]) => actions.update.mutate({ tags });
  return (
    <div className="tags" data-testid="conversation-tags">
      {conversation.tags.map((tag) => (
        <span key={tag} className="tag">
          {tag}
          <button
            type="button"
            aria-label={t("conversation.removeTag", { tag })}
            onClick={() => save(conversation.tags.filter((other) => other !== tag))}
          >
            ×
          </button>
        </span>
      ))}
      <input
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== "Enter" || !draft.trim()) return;
          save([...conversation.tags, draft.trim()]);
          setDraft("");
        }}
        placeholder={t("conversation.addTag")}
        maxLength={20}
        className="tag-input"
      />
    </div>
  );
}

/** Who has the conversation, and what can be done with it. */
export function ConversationHeader(props: { conversation: ConversationListItem; actions: ConversationActions }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { conversation, actions } = props;
  const nameOf = useColleagueName();
  const [panel, setPanel] = useState<"transfer" | "resolve" | null>(null);
  const resolved = conversation.status === "RESOLVED";
  const errors = [actions.claim, actions.resolve, actions.reopen, actions.snooze, actions.transfer, actions.update]
    .map((mutation) => mutation.error && errorText(mutation.error))
    .filter(Boolean);
  return (
    <header className="conversation-header">
      <div className="conversation-title">
        <strong>{conversation.customer.name}</strong>
        <span className={`channel-badge channel-${conversation.channel.kind.toLowerCase()}`}>
          {t(`channel.${conversation.channel.kind}`)}
        </span>
        <span className={`badge status-${conversation.status.toLowerCase()}`} data-testid="conversation-status">
          {t(`status.${conversation.status}`)}
        </span>
        <span className="muted small" data-testid="conversation-assignee">
          {conversation.assigneeId ? nameOf(conversation.assigneeId) : t("conversation.unassigned")}
        </span>
      </div>
      <div className="conversation-actions">
        {!conversation.assigneeId && !resolved && (
          <button
            type="button"
            className="button-primary"
            onClick={() => actions.claim.mutate()}
            disabled={actions.claim.isPending}
            data-testid="claim-button"
            title="A"
          >
            {t("conversation.claim")}
          </button>
        )}
        {!resolved && (
          <>
            <button
              type="button"
              onClick={() => setPanel(panel === "transfer" ? null : "transfer")}
              data-testid="transfer-button"
            >
              {t("conversation.transfer")}
            </button>
            <button type="button" onClick={() => actions.snooze.mutate(new Date(Date.now() + 3600_000))}>
              {t("conversation.snoozeHour")}
            </button>
            <button type="button" onClick={() => actions.snooze.mutate(tomorrowMorning())}>
              {t("conversation.snoozeTomorrow")}
            </button>
            <button
              type="button"
              onClick={() => setPanel(panel === "resolve" ? null : "resolve")}
              data-testid="resolve-button"
              title="E"
            >
              {t("conversation.resolve")}
            </button>
          </>
        )}
        {resolved && (
          <button type="button" onClick={() => actions.reopen.mutate()} data-testid="reopen-button">
            {t("conversation.reopen")}
          </button>
        )}
        <select
          aria-label={t("inbox.filter.priority")}
          value={conversation.priority}
          onChange={(event) =>
            actions.update.mutate({ priority: event.target.value as ConversationListItem["priority"] })
          }
        >
          {PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {t(`priority.${priority}`)}
            </option>
          ))}
        </select>
      </div>
      <Tags conversation={conversation} actions={actions} />
      {panel === "transfer" && (
        <TransferPanel conversation={conversation} actions={actions} onDone={() => setPanel(null)} />
      )}
      {panel === "resolve" && (
        <ResolvePanel conversation={conversation} actions={actions} onDone={() => setPanel(null)} />
      )}
      {errors.length > 0 && (
        <p className="form-error" role="alert" data-testid="action-error">
          {errors.at(-1)}
        </p>
      )}
    </header>
  );
}
