import { describe, expect, it } from "vitest";
import type { ConversationListItem } from "@/server/conversations/conversation-dto";
import { applyRow, type ConversationPages, type InboxFilters, readFilters } from "./inbox-filters";
import { rememberRows, withRowsHeardSince } from "./recent-rows";

const row = (id: string, overrides: Partial<ConversationListItem> = {}) =>
  ({
    id,
    status: "QUEUED",
    priority: "NORMAL",
    assigneeId: null,
    teamId: null,
    tags: [],
    channel: { id: "ch", kind: "WECOM_KF", name: "kf" },
    lastActivityAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    waitingSince: null,
    ...overrides,
  }) as ConversationListItem;

const pages = (items: ConversationListItem[], next: string | null = null): ConversationPages => ({
  pages: [{ items, next }],
  pageParams: [null],
});
const ids = (data: ConversationPages | undefined) => data?.pages.flatMap((page) => page.items.map((item) => item.id));
const queue: InboxFilters = { view: "queue", sort: "activity" };
const mine: InboxFilters = { view: "mine", sort: "activity" };

describe("live updates of the inbox lists", () => {
  it("a conversation claimed by someone leaves the queue and enters their own list", () => {
    const claimed = row("a", { status: "OPEN", assigneeId: "me", updatedAt: "2026-01-01T00:00:01.000Z" });
    expect(ids(applyRow(pages([row("a"), row("b")]), claimed, queue, "someone"))).toEqual(["b"]);
    expect(ids(applyRow(pages([]), claimed, mine, "me"))).toEqual(["a"]);
  });

  it("a copy older than the one shown is ignored", () => {
    const shown = row("a", { status: "OPEN", assigneeId: "me", updatedAt: "2026-01-01T00:00:05.000Z" });
    const stale = row("a", { updatedAt: "2026-01-01T00:00:01.000Z" });
    expect(ids(applyRow(pages([shown]), stale, mine, "me"))).toEqual(["a"]);
  });

  it("a row sorting after the loaded range waits for the next page", () => {
    const loaded = [row("new", { lastActivityAt: "2026-01-02T00:00:00.000Z" })];
    const old = row("old", { lastActivityAt: "2025-12-01T00:00:00.000Z" });
    expect(ids(applyRow(pages(loaded, "cursor"), old, queue, "me"))).toEqual(["new"]);
    expect(ids(applyRow(pages(loaded, null), old, queue, "me"))).toEqual(["new", "old"]);
  });

  it("the waiting sort puts the longest-waiting customer first and nobody-waiting last", () => {
    const filters: InboxFilters = { view: "all", sort: "waiting" };
    let data = pages([]);
    data = applyRow(data, row("idle"), filters, "me") ?? data;
    data = applyRow(data, row("late", { waitingSince: "2026-01-01T10:00:00.000Z" }), filters, "me") ?? data;
    data = applyRow(data, row("early", { waitingSince: "2026-01-01T09:00:00.000Z" }), filters, "me") ?? data;
    expect(ids(data)).toEqual(["early", "late", "idle"]);
  });

  it("reads unknown filter values from the URL as defaults", () => {
    expect(readFilters(new URLSearchParams("view=evil&sort=waiting&status=OPEN"))).toMatchObject({
      view: "mine",
      sort: "waiting",
      status: "OPEN",
    });
  });
});

describe("a list fetch racing the socket", () => {
  it("a conversation heard over the socket while the first page was on its way stays in the list", () => {
    const startedAt = performance.now();
    const arrived = row("new", { lastActivityAt: "2026-01-02T00:00:00.000Z", updatedAt: "2026-01-02T00:00:00.000Z" });
    rememberRows([arrived]);
    // The page was read before the new conversation was committed.
    const page = withRowsHeardSince({ items: [row("old")], next: null }, startedAt, queue, "me");
    expect(page.items.map((item) => item.id)).toEqual(["new", "old"]);
  });

  it("rows heard before the fetch began are left to the fetch", () => {
    rememberRows([row("gone", { status: "RESOLVED", updatedAt: "2026-01-03T00:00:00.000Z" })]);
    const startedAt = performance.now() + 1;
    const page = withRowsHeardSince({ items: [row("gone")], next: null }, startedAt, queue, "me");
    expect(page.items.map((item) => item.id)).toEqual(["gone"]);
  });
});
