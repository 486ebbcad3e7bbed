"use client";
// What the bot left for the agent who took over: its two-line summary, and on demand its recorded
// decisions ("why did the bot hand over?"). Customer words in them are shown as text only.

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { BotRunDto } from "@/server/ai/bot/bot-runs";
import type { ConversationListItem } from "@/server/conversations/conversation-dto";
import { useI18n } from "../i18n/i18n-provider";
import type { MessageKey } from "../i18n/messages";
import { apiFetch } from "../query/fetcher";
import { conversationKeys } from "../query/query-keys";

function RunLine({ run }: { run: BotRunDto }) {
  const { t, locale } = useI18n();
  const outcome = run.handoff
    ? t("bot.handedOver", { reason: t(`handoff.${run.reason ?? "unsure"}` as MessageKey) })
    : t(`bot.action.${run.action}` as MessageKey);
  return (
    <li data-testid="bot-run">
      <span className="muted small">{new Date(run.at).toLocaleTimeString(locale)}</span> {run.text && <q>{run.text}</q>}{" "}
      → {outcome}
      <span className="muted small">
        {" "}
        · {run.intent ? t(`intent.${run.intent}` as MessageKey) : "—"}
        {run.confidence !== null && ` ${Math.round(run.confidence * 100)}%`} · {run.triagedBy ?? run.engine}
        {!run.acted && ` · ${t("bot.notActed")}`}
      </span>
    </li>
  );
}

export function BotHandoffCard({ conversation }: { conversation: ConversationListItem }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const runs = useQuery({
    queryKey: conversationKeys.botRuns(conversation.id),
    queryFn: () =>
      apiFetch<{ runs: BotRunDto[] }>(`/api/conversations/${conversation.id}/bot-runs`).then((answer) => answer.runs),
    enabled: open,
  });
  if (!conversation.summary) return null;
  return (
    <div className="bot-handoff" data-testid="bot-summary">
      <strong className="small">{t("bot.summaryTitle")}</strong>
      {conversation.summary.split("\n").map((line) => (
        <p key={line} className="small">
          {line}
        </p>
      ))}
      <button type="button" className="button-link small" onClick={() => setOpen(!open)} aria-expanded={open}>
        {t("bot.why")}
      </button>
      {open && (
        <ol className="bot-runs" data-testid="bot-runs">
          {runs.isPending && <li className="muted">{t("common.loading")}</li>}
          {runs.data?.map((run) => (
            <RunLine key={run.id} run={run} />
          ))}
        </ol>
      )}
    </div>
  );
}
