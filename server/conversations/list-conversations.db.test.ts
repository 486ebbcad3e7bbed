import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../db/db";
import { seedSignedInUser, seedTeam } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";
import { listConversations, listConversationsSchema } from "./list-conversations";

setupTestDatabase();

const unique = () => randomBytes(4).toString("hex");

async function seedInbox(
  count: number,
  options: { teamId?: string; assigneeId?: string; status?: "QUEUED" | "OPEN"; kind?: "OFFICIAL_ACCOUNT" | "WECOM_KF" },
) {
  const kind = options.kind ?? "OFFICIAL_ACCOUNT";
  const channel = await db().channelAccount.create({
    data: {
      kind,
      name: `${kind} ${unique()}`,
      appId: `wx${unique()}`,
      openKfId: kind === "WECOM_KF" ? `wk${unique()}` : "",
    },
  });
  const base = Date.UTC(2026, 0, 1);
  for (let i = 0; i < count; i += 1) {
    const customer = await db().customer.create({ data: { name: `客户 ${i}` } });
    await db().conversation.create({
      data: {
        customerId: customer.id,
        channelAccountId: channel.id,
        teamId: options.teamId ?? null,
        assigneeId: options.assigneeId ?? null,
        status: options.status ?? "QUEUED",
        // Pairs share a timestamp, so the id tie-breaker is exercised.
        lastActivityAt: new Date(base + Math.floor(i / 2) * 1000),
        waitingSince: i % 3 === 0 ? null : new Date(base + (count - i) * 1000),
      },
    });
  }
  return channel;
}

async function pageThrough(user: Parameters<typeof listConversations>[0], query: Record<string, string>) {
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const page = await listConversations(user, listConversationsSchema.parse({ ...query, limit: "7", after }));
    ids.push(...page.items.map((item) => item.id));
    after = page.next ?? undefined;
  } while (after);
  return ids;
}

describe("the inbox list", () => {
  it("pages by keyset through every conversation once, in either sort", async () => {
    const supervisor = await seedSignedInUser({ role: "SUPERVISOR" });
    const channel = await seedInbox(30, {});
    // Another channel's conversations stay out of an Official Account filter.
    await seedInbox(5, { kind: "WECOM_KF" });
    for (const sort of ["activity", "waiting"]) {
      const ids = await pageThrough(supervisor.sessionUser, { view: "all", sort, channel: "OFFICIAL_ACCOUNT" });
      const expected = await db().conversation.count({ where: { channelAccount: { kind: "OFFICIAL_ACCOUNT" } } });
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(expected);
      expect(expected).toBeLessThan(await db().conversation.count());
    }
    const waiting = await listConversations(
      supervisor.sessionUser,
      listConversationsSchema.parse({ view: "all", sort: "waiting", limit: "100" }),
    );
    const times = waiting.items.filter((item) => item.channel.id === channel.id).map((item) => item.waitingSince);
    const firstNull = times.indexOf(null);
    expect(times.slice(0, firstNull)).toEqual([...times.slice(0, firstNull)].sort());
    expect(times.slice(firstNull).every((time) => time === null)).toBe(true);
  });

  it("shows an agent their own conversations under 'mine' and nobody's under 'queue', never a private team's", async () => {
    const vip = await seedTeam({ isPrivate: true });
    const agent = await seedSignedInUser();
    await seedInbox(3, { assigneeId: agent.user.id, status: "OPEN" });
    await seedInbox(2, {});
    await seedInbox(4, { teamId: vip.id });

    const mine = await listConversations(agent.sessionUser, listConversationsSchema.parse({ view: "mine" }));
    expect(mine.items).toHaveLength(3);
    expect(mine.items.every((item) => item.assigneeId === agent.user.id)).toBe(true);
    const queue = await listConversations(
      agent.sessionUser,
      listConversationsSchema.parse({ view: "queue", limit: "100" }),
    );
    expect(queue.items.every((item) => item.assigneeId === null && item.teamId !== vip.id)).toBe(true);
    expect(queue.items.length).toBeGreaterThanOrEqual(2);
  });
});
