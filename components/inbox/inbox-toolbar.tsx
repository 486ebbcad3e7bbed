"use client";

import { useQuery } from "@tanstack/react-query";
import { useI18n } from "../i18n/i18n-provider";
import { apiFetch } from "../query/fetcher";
import { teamKeys } from "../query/query-keys";
import { useConversationCounts } from "./conversation-list";
import { CHANNELS, type InboxFilters, PRIORITIES, SORTS, STATUSES, VIEWS } from "./inbox-filters";

export type TeamSummary = { id: string; name: string; isPrivate: boolean };

export function useTeams() {
  return useQuery({
    queryKey: teamKeys.list(),
    queryFn: async () => (await apiFetch<{ teams: TeamSummary[] }>("/api/teams")).teams,
    staleTime: 60_000,
  });
}

/** Tabs (mine, queue, all) with live counts, and the filters and sort beneath them. */
export function InboxToolbar(props: { filters: InboxFilters; onChange(next: Partial<InboxFilters>): void }) {
  const { t } = useI18n();
  const { filters, onChange } = props;
  const counts = useConversationCounts();
  const teams = useTeams();
  const countFor = (view: InboxFilters["view"]) =>
    view === "mine" ? counts.data?.mine : view === "queue" ? counts.data?.queue : undefined;
  return (
    <div className="inbox-toolbar">
      <div className="tabs" role="tablist">
        {VIEWS.map((view) => (
          <button
            key={view}
            type="button"
            role="tab"
            aria-selected={filters.view === view}
            className={filters.view === view ? "tab tab-active" : "tab"}
            onClick={() => onChange({ view, status: undefined })}
            data-testid={`inbox-tab-${view}`}
          >
            {t(`inbox.view.${view}`)}
            {countFor(view) !== undefined && (
              <span className="tab-count" data-testid={`inbox-count-${view}`}>
                {countFor(view)}
              </span>
            )}
          </button>
        ))}
      </div>
      <div className="filters">
        <select
          aria-label={t("inbox.filter.status")}
          value={filters.status ?? ""}
          onChange={(event) => onChange({ status: (event.target.value || undefined) as InboxFilters["status"] })}
        >
          <option value="">{t("inbox.filter.anyStatus")}</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`status.${status}`)}
            </option>
          ))}
        </select>
        <select
          aria-label={t("inbox.filter.channel")}
          value={filters.channel ?? ""}
          onChange={(event) => onChange({ channel: (event.target.value || undefined) as InboxFilters["channel"] })}
        >
          <option value="">{t("inbox.filter.anyChannel")}</option>
          {CHANNELS.map((channel) => (
            <option key={channel} value={channel}>
              {t(`channel.${channel}`)}
            </option>
          ))}
        </select>
        <select
          aria-label={t("inbox.filter.team")}
          value={filters.teamId ?? ""}
          onChange={(event) => onChange({ teamId: event.target.value || undefined })}
        >
          <option value="">{t("inbox.filter.anyTeam")}</option>
          {teams.data?.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
        <select
          aria-label={t("inbox.filter.priority")}
          value={filters.priority ?? ""}
          onChange={(event) => onChange({ priority: (event.target.value || undefined) as InboxFilters["priority"] })}
        >
          <option value="">{t("inbox.filter.anyPriority")}</option>
          {PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {t(`priority.${priority}`)}
            </option>
          ))}
        </select>
        <input
          className="filter-tag"
          placeholder={t("inbox.filter.tag")}
          aria-label={t("inbox.filter.tag")}
          defaultValue={filters.tag ?? ""}
          onKeyDown={(event) => {
            if (event.key === "Enter") onChange({ tag: event.currentTarget.value.trim() || undefined });
          }}
        />
        <select
          aria-label={t("inbox.sort.label")}
          value={filters.sort}
          onChange={(event) => onChange({ sort: event.target.value as InboxFilters["sort"] })}
          data-testid="inbox-sort"
        >
          {SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {t(`inbox.sort.${sort}`)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
