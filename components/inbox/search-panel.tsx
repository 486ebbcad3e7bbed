"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { SearchResult } from "@/server/search/search";
import { useI18n } from "../i18n/i18n-provider";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { searchKeys } from "../query/query-keys";

/** Searches as the agent types (after a short pause); a hit opens its conversation. */
export function SearchPanel(props: { query: string; onOpenConversation(id: string): void; onClose(): void }) {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const [debounced, setDebounced] = useState(props.query);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(props.query.trim()), 250);
    return () => clearTimeout(timer);
  }, [props.query]);
  const result = useQuery({
    queryKey: searchKeys.query(debounced),
    queryFn: () => apiFetch<SearchResult>(`/api/search?q=${encodeURIComponent(debounced)}`),
    enabled: debounced.length > 0,
  });
  if (!debounced) return null;
  return (
    <div className="search-panel" data-testid="search-results">
      <div className="search-panel-head">
        <strong>{t("search.title", { q: debounced })}</strong>
        <button type="button" className="button-ghost" onClick={props.onClose}>
          {t("search.close")}
        </button>
      </div>
      {result.isPending && <p className="muted pad">{t("common.loading")}</p>}
      {result.isError && <p className="form-error pad">{errorText(result.error)}</p>}
      {result.data && result.data.messages.length === 0 && result.data.customers.length === 0 && (
        <p className="muted pad">{t("search.none")}</p>
      )}
      {result.data && result.data.customers.length > 0 && (
        <>
          <h3>{t("search.customers")}</h3>
          <ul>
            {result.data.customers.map((customer) => (
              <li key={customer.id}>
                <button
                  type="button"
                  className="search-hit"
                  onClick={() => props.onOpenConversation(customer.conversationId)}
                >
                  <span className="conversation-name">{customer.name}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {result.data && result.data.messages.length > 0 && (
        <>
          <h3>{t("search.messages")}</h3>
          <ul>
            {result.data.messages.map((hit) => (
              <li key={hit.messageId}>
                <button
                  type="button"
                  className="search-hit"
                  onClick={() => props.onOpenConversation(hit.conversationId)}
                  data-testid="search-hit"
                >
                  <span className="conversation-row-top">
                    <span className="conversation-name">{hit.customerName}</span>
                    <span className="muted small">{new Date(hit.sentAt).toLocaleString(locale)}</span>
                  </span>
                  <span className="conversation-preview">{hit.text}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
