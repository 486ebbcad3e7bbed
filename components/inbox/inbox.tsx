"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useRef, useState } from "react";
import type { ConversationListItem } from "@/server/conversations/conversation-dto";
import { useI18n } from "../i18n/i18n-provider";
import { apiFetch } from "../query/fetcher";
import { conversationKeys } from "../query/query-keys";
import { ConversationList, flattenConversations, useConversationList } from "./conversation-list";
import { ConversationView } from "./conversation-view";
import { CustomerSidebar } from "./customer-sidebar";
import { type InboxFilters, readFilters } from "./inbox-filters";
import { InboxToolbar } from "./inbox-toolbar";
import { SearchPanel } from "./search-panel";
import { useConversationActions } from "./use-conversation-actions";
import { SHORTCUT_KEYS, useInboxShortcuts } from "./use-inbox-shortcuts";

/** The open conversation: from the list when it is there, fetched on its own otherwise (a deep link). */
function useSelectedConversation(id: string | null, listed: ConversationListItem | undefined) {
  const single = useQuery({
    queryKey: conversationKeys.one(id ?? ""),
    queryFn: () => apiFetch<ConversationListItem>(`/api/conversations/${id}`),
    enabled: id !== null,
  });
  if (!listed) return single.data;
  if (!single.data) return listed;
  return single.data.updatedAt > listed.updatedAt ? single.data : listed;
}

function ShortcutHelp({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  return (
    <div
      className="overlay"
      role="dialog"
      aria-modal="true"
      aria-label={t("shortcuts.title")}
      data-testid="shortcut-help"
    >
      <div className="overlay-card">
        <h2>{t("shortcuts.title")}</h2>
        <dl className="shortcut-list">
          {SHORTCUT_KEYS.map(([key, label]) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{t(label)}</dd>
            </div>
          ))}
        </dl>
        <button type="button" className="button-primary" onClick={onClose}>
          {t("shortcuts.close")}
        </button>
      </div>
    </div>
  );
}

/** The agent's workspace: conversations, the open conversation, and who the customer is. */
export function Inbox() {
  const { t } = useI18n();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters = useMemo(() => readFilters(new URLSearchParams(params.toString())), [params]);
  const selectedId = params.get("c");
  const list = useConversationList(filters);
  const items = flattenConversations(list.data);
  const selected = useSelectedConversation(
    selectedId,
    items.find((conversation) => conversation.id === selectedId),
  );
  const actions = useConversationActions(selected?.id ?? null);
  const [search, setSearch] = useState("");
  const [help, setHelp] = useState(false);
  const searchInput = useRef<HTMLInputElement>(null);

  const navigate = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) next.delete(key);
      else next.set(key, value);
    }
    router.replace(`${pathname}?${next.toString()}`);
  };
  const select = (id: string) => navigate({ c: id });
  const changeFilters = (change: Partial<InboxFilters>) => {
    const merged = { ...filters, ...change };
    navigate({
      view: merged.view,
      status: merged.status,
      channel: merged.channel,
      team: merged.teamId,
      tag: merged.tag,
      priority: merged.priority,
      sort: merged.sort,
    });
  };
  const step = (delta: number) => {
    if (items.length === 0) return;
    const index = items.findIndex((conversation) => conversation.id === selectedId);
    const next = items[Math.min(items.length - 1, Math.max(0, index + delta))];
    if (next) select(next.id);
  };

  useInboxShortcuts({
    next: () => step(1),
    previous: () => step(-1),
    claim: () => {
      if (selected && !selected.assigneeId) actions.claim.mutate();
    },
    resolve: () => {
      if (selected && selected.status !== "RESOLVED") actions.resolve.mutate(undefined);
    },
    focusComposer: () => document.getElementById("composer-input")?.focus(),
    focusSearch: () => searchInput.current?.focus(),
    toggleHelp: () => setHelp((open) => !open),
    escape: () => {
      setHelp(false);
      if (document.activeElement === searchInput.current) setSearch("");
    },
  });

  return (
    <div className="inbox">
      <aside className="inbox-list">
        <div className="inbox-search">
          <input
            ref={searchInput}
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            placeholder={t("search.placeholder")}
            aria-label={t("search.placeholder")}
            data-testid="search-input"
          />
          <button
            type="button"
            className="button-ghost"
            onClick={() => setHelp(true)}
            aria-label={t("shortcuts.title")}
          >
            ?
          </button>
        </div>
        {search.trim() ? (
          <SearchPanel
            query={search}
            onOpenConversation={(id) => {
              select(id);
            }}
            onClose={() => setSearch("")}
          />
        ) : (
          <>
            <InboxToolbar filters={filters} onChange={changeFilters} />
            <ConversationList list={list} selectedId={selectedId} onSelect={select} />
          </>
        )}
      </aside>
      {selected ? (
        <>
          <ConversationView key={selected.id} conversation={selected} actions={actions} />
          <CustomerSidebar
            key={selected.customer.id}
            customerId={selected.customer.id}
            conversationId={selected.id}
            onOpenConversation={select}
          />
        </>
      ) : (
        <section className="conversation-view conversation-empty">
          <p className="muted">{t("inbox.pick")}</p>
          <p className="muted small">{t("shortcuts.hint")}</p>
        </section>
      )}
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
