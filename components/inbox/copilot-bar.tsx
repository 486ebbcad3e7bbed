"use client";
// The copilot above the composer: suggested replies (knowledge-base articles and the customer's
// order as stored) that one click puts in the composer, never sends; and a long conversation's
// summary. Read again whenever the customer writes.

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Copilot } from "@/server/ai/copilot/copilot";
import { useI18n } from "../i18n/i18n-provider";
import { apiFetch } from "../query/fetcher";
import { conversationKeys } from "../query/query-keys";

export function CopilotBar(props: { conversationId: string; lastActivityAt: string; onInsert(text: string): void }) {
  const { t } = useI18n();
  const [summaryOpen, setSummaryOpen] = useState(false);
  const copilot = useQuery({
    queryKey: [...conversationKeys.copilot(props.conversationId), props.lastActivityAt],
    queryFn: () => apiFetch<Copilot>(`/api/conversations/${props.conversationId}/copilot`),
    staleTime: 60_000,
  });
  const data = copilot.data;
  if (!data || (data.suggestions.length === 0 && !data.summary)) return null;
  return (
    <div className="copilot" data-testid="copilot">
      {data.suggestions.length > 0 && <span className="muted small">{t("copilot.suggested")}</span>}
      {data.suggestions.map((suggestion) => (
        <button
          key={suggestion.articleId ?? suggestion.kind}
          type="button"
          className="chip"
          title={suggestion.text}
          data-testid="copilot-suggestion"
          onClick={() => props.onInsert(suggestion.text)}
        >
          {suggestion.kind === "order" ? "📦 " : ""}
          {suggestion.title}
        </button>
      ))}
      {data.summary && (
        <button type="button" className="button-link small" onClick={() => setSummaryOpen(!summaryOpen)}>
          {t("copilot.summary")}
        </button>
      )}
      {summaryOpen && data.summary && (
        <div className="copilot-summary small" data-testid="copilot-summary">
          {data.summary.split("\n").map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      )}
    </div>
  );
}
