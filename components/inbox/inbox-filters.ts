// The inbox's filters as they live in the URL, and the same rules the server applies, so a live
// update can be placed in (or taken out of) every cached list without asking the server again.
import type { InfiniteData } from "@tanstack/react-query";
import type { ConversationListItem } from "@/server/conversations/conversation-dto";
import type { ConversationPage } from "./inbox-cache";

export const VIEWS = ["mine", "queue", "all"] as const;
export const STATUSES = ["BOT", "QUEUED", "OPEN", "SNOOZED", "RESOLVED"] as const;
export const CHANNELS = ["WECOM_KF", "OFFICIAL_ACCOUNT", "MINI_PROGRAM"] as const;
export const PRIORITIES = ["LOW", "NORMAL", "HIGH", "URGENT"] as const;
export const SORTS = ["activity", "waiting"] as const;

export type InboxFilters = {
  view: (typeof VIEWS)[number];
  status?: (typeof STATUSES)[number];
  channel?: (typeof CHANNELS)[number];
  teamId?: string;
  tag?: string;
  priority?: (typeof PRIORITIES)[number];
  sort: (typeof SORTS)[number];
};

function pick<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((candidate) => candidate === value);
}

export function readFilters(params: URLSearchParams): InboxFilters {
  return {
    view: pick(VIEWS, params.get("view")) ?? "mine",
    status: pick(STATUSES, params.get("status")),
    channel: pick(CHANNELS, params.get("channel")),
    teamId: params.get("team") || undefined,
    tag: params.get("tag") || undefined,
    priority: pick(PRIORITIES, params.get("priority")),
    sort: pick(SORTS, params.get("sort")) ?? "activity",
  };
}

/** Query string for the API (and the URL, which names the team "team"). */
export function filtersToQuery(filters: InboxFilters): URLSearchParams {
  const query = new URLSearchParams({ view: filters.view, sort: filters.sort });
  if (filters.status) query.set("status", filters.status);
  if (filters.channel) query.set("channel", filters.channel);
  if (filters.teamId) query.set("teamId", filters.teamId);
  if (filters.tag) query.set("tag", filters.tag);
  if (filters.priority) query.set("priority", filters.priority);
  return query;
}

/** The server's list rule (server/conversations/list-conversations.ts), for one row. */
export function matchesFilters(row: ConversationListItem, filters: InboxFilters, userId: string): boolean {
  switch (filters.view) {
    case "mine":
      if (row.assigneeId !== userId) return false;
      if (filters.status ? row.status !== filters.status : row.status === "RESOLVED") return false;
      break;
    case "queue":
      if (row.assigneeId !== null) return false;
      if (filters.status ? row.status !== filters.status : row.status !== "QUEUED" && row.status !== "BOT") {
        return false;
      }
      break;
    case "all":
      if (filters.status && row.status !== filters.status) return false;
  }
  if (filters.channel && row.channel.kind !== filters.channel) return false;
  if (filters.teamId && row.teamId !== filters.teamId) return false;
  if (filters.tag && !row.tags.includes(filters.tag)) return false;
  if (filters.priority && row.priority !== filters.priority) return false;
  return true;
}

/** Negative when `a` comes first in the list, as the server orders it. */
export function compareRows(a: ConversationListItem, b: ConversationListItem, sort: InboxFilters["sort"]): number {
  if (sort === "activity") return b.lastActivityAt.localeCompare(a.lastActivityAt) || b.id.localeCompare(a.id);
  if (a.waitingSince !== b.waitingSince) {
    if (a.waitingSince === null) return 1;
    if (b.waitingSince === null) return -1;
    return a.waitingSince.localeCompare(b.waitingSince);
  }
  return a.id.localeCompare(b.id);
}

export type ConversationPages = InfiniteData<ConversationPage, string | null>;

/**
 * A changed row placed into one cached list: removed if it no longer belongs, otherwise put where
 * the sort says, but only within the loaded range (rows beyond it arrive with the next page). An
 * older copy of a row never replaces a newer one.
 */
export function applyRow(
  data: ConversationPages | undefined,
  row: ConversationListItem,
  filters: InboxFilters,
  userId: string,
): ConversationPages | undefined {
  if (!data) return data;
  const items = data.pages.flatMap((page) => page.items);
  const current = items.find((item) => item.id === row.id);
  if (current && current.updatedAt > row.updatedAt) return data;
  const others = items.filter((item) => item.id !== row.id);
  const lastPage = data.pages.at(-1);
  const lastLoaded = others.at(-1);
  const belongs =
    matchesFilters(row, filters, userId) &&
    (lastPage?.next === null || !lastLoaded || compareRows(row, lastLoaded, filters.sort) < 0);
  if (!belongs && !current) return data;
  const next = belongs ? [...others, row].sort((a, b) => compareRows(a, b, filters.sort)) : others;
  return {
    ...data,
    pages: data.pages.map((page, index) => ({ ...page, items: index === 0 ? next : [] })),
  };
}

/** A row taken out of every list (it moved out of this user's sight). */
export function removeRow(data: ConversationPages | undefined, id: string): ConversationPages | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({ ...page, items: page.items.filter((item) => item.id !== id) })),
  };
}
