import { describe, expect, it } from "vitest";
import type { MessageDto } from "@/server/conversations/message-dto";
import { mergeLatestPage, upsertMessage } from "./inbox-cache";

const message = (id: string, sentAt: string, updatedAt: string, deliveryStatus: MessageDto["deliveryStatus"]) =>
  ({ id, conversationId: "c1", sentAt, updatedAt, deliveryStatus }) as MessageDto;

describe("the inbox cache", () => {
  it("keeps the socket's 'sent' when the HTTP response saying 'sending' arrives after it", () => {
    const sent = message("m1", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.500Z", "SENT");
    const sending = message("m1", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.100Z", "PENDING");
    const page = upsertMessage(upsertMessage({ items: [], before: null }, sent), sending);
    expect(page?.items).toEqual([sent]);
  });

  it("keeps a 'sent' that arrived while a refetch of the latest page was on its way", () => {
    const older = message("m0", "2025-12-31T00:00:00.000Z", "2025-12-31T00:00:00.000Z", null);
    const sending = message("m1", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.100Z", "PENDING");
    const sent = { ...sending, updatedAt: "2026-01-01T00:00:00.500Z", deliveryStatus: "SENT" as const };
    const cached = { items: [older, sent], before: "older-cursor" };
    const merged = mergeLatestPage(cached, { items: [sending], before: "fetched-cursor" });
    expect(merged.items).toEqual([older, sent]);
    expect(merged.before).toBe("older-cursor");
  });

  it("adds a message once and keeps messages in time order", () => {
    const late = message("m2", "2026-01-01T00:00:02.000Z", "2026-01-01T00:00:02.000Z", null);
    const early = message("m1", "2026-01-01T00:00:01.000Z", "2026-01-01T00:00:01.000Z", null);
    const page = upsertMessage(upsertMessage(upsertMessage({ items: [], before: null }, late), early), late);
    expect(page?.items.map((item) => item.id)).toEqual(["m1", "m2"]);
  });
});
