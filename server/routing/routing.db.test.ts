import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ingestInboundMessage } from "../conversations/ingest/ingest-inbound-message";
import { db } from "../db/db";
import { AppError } from "../errors";
import { settleBackgroundWork } from "../jobs/background-work";
import { seedSignedInUser, seedTeam } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";
import { setPresence } from "../users/set-presence";
import { claimConversation } from "./claim-conversation";
import { drainQueue } from "./drain-queue";
import { reopenConversation } from "./reopen-conversation";
import { resolveConversation } from "./resolve-conversation";
import { routeArrivals } from "./route-arrivals";
import { snoozeConversation, wakeSnoozedConversations } from "./snooze-conversation";
import { transferConversation } from "./transfer-conversation";

setupTestDatabase({ jobs: true });

const unique = () => randomBytes(4).toString("hex");

/** An Official Account channel routed to `teamId`. */
async function seedChannel(teamId: string) {
  const id = unique();
  return db().channelAccount.create({
    data: { kind: "OFFICIAL_ACCOUNT", name: `OA ${id}`, appId: `wx${id}`, teamId },
  });
}

/** A customer's message arriving as a channel delivers it: stored, then routed. */
async function customerWrites(channelAccountId: string, customer: string, text = "在吗？") {
  const result = await ingestInboundMessage({
    channelAccountId,
    externalUserId: customer,
    externalMsgId: unique(),
    sentAt: new Date(),
    content: { type: "TEXT", text },
    window: { kind: "MESSAGE" },
  });
  routeArrivals([result]);
  return result;
}

async function onlineAgent(teamId: string, capacity: number) {
  const agent = await seedSignedInUser({ teamIds: [teamId] });
  await db().user.update({ where: { id: agent.user.id }, data: { capacity } });
  await setPresence(agent.user.id, "ONLINE");
  return agent;
}

const openLoad = (assigneeId: string) => db().conversation.count({ where: { assigneeId, status: "OPEN" } });

async function settled() {
  await settleBackgroundWork(10_000);
}

describe("routing", () => {
  it("fifty customers arriving at once fill the online agents up to their capacity, never beyond", async () => {
    const team = await seedTeam();
    const channel = await seedChannel(team.id);
    const agents = await Promise.all([onlineAgent(team.id, 5), onlineAgent(team.id, 4), onlineAgent(team.id, 2)]);
    await settled();

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => customerWrites(channel.id, `arrival-${i}-${unique()}`)),
    );
    // Extra passes racing the automatic ones must not assign anything twice either.
    await Promise.all(Array.from({ length: 5 }, () => drainQueue()));
    await settled();

    expect(new Set(results.map((result) => result.conversationId)).size).toBe(50);
    const loads = await Promise.all(agents.map((agent) => openLoad(agent.user.id)));
    expect(loads).toEqual([5, 4, 2]);
    expect(await db().conversation.count({ where: { channelAccountId: channel.id, status: "QUEUED" } })).toBe(39);
    const assignedEvents = await db().message.count({
      where: { channelAccountId: channel.id, senderKind: "SYSTEM", text: { startsWith: "[分配]" } },
    });
    expect(assignedEvents).toBe(11);
  });

  it("the least loaded agent gets the next conversation; nobody outside the team does", async () => {
    const team = await seedTeam();
    const otherTeam = await seedTeam();
    const channel = await seedChannel(team.id);
    const busy = await onlineAgent(team.id, 5);
    const idle = await onlineAgent(team.id, 5);
    const outsider = await onlineAgent(otherTeam.id, 5);
    await settled();
    await customerWrites(channel.id, `first-${unique()}`);
    await settled();
    const firstTaker = (await openLoad(busy.user.id)) === 1 ? busy : idle;
    const other = firstTaker === busy ? idle : busy;

    await customerWrites(channel.id, `second-${unique()}`);
    await settled();

    expect(await openLoad(firstTaker.user.id)).toBe(1);
    expect(await openLoad(other.user.id)).toBe(1);
    expect(await openLoad(outsider.user.id)).toBe(0);
  });

  it("two agents claiming the same conversation at once: one gets it, the other is told who did", async () => {
    const team = await seedTeam();
    const channel = await seedChannel(team.id);
    const { conversationId } = await customerWrites(channel.id, `claim-${unique()}`);
    const claimers = await Promise.all(Array.from({ length: 5 }, () => seedSignedInUser({ teamIds: [team.id] })));

    const outcomes = await Promise.allSettled(
      claimers.map((claimer) => claimConversation(claimer.sessionUser, conversationId ?? "")),
    );

    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect((outcome.reason as AppError).code).toBe("ALREADY_ASSIGNED");
    }
    const conversation = await db().conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(conversation.status).toBe("OPEN");
    expect(claimers.map((claimer) => claimer.user.id)).toContain(conversation.assigneeId);
    expect(await db().message.count({ where: { conversationId, text: { startsWith: "[接入]" } } })).toBe(1);
  });

  it("an agent who goes offline has their open conversations requeued and taken by a colleague", async () => {
    const team = await seedTeam();
    const channel = await seedChannel(team.id);
    const leaving = await onlineAgent(team.id, 5);
    await settled();
    await customerWrites(channel.id, `requeue-a-${unique()}`);
    await customerWrites(channel.id, `requeue-b-${unique()}`);
    await settled();
    expect(await openLoad(leaving.user.id)).toBe(2);

    const staying = await onlineAgent(team.id, 1);
    await setPresence(leaving.user.id, "OFFLINE");
    await settled();

    expect(await openLoad(leaving.user.id)).toBe(0);
    expect(await openLoad(staying.user.id)).toBe(1);
    expect(await db().conversation.count({ where: { channelAccountId: channel.id, status: "QUEUED" } })).toBe(1);
    expect(await db().message.count({ where: { channelAccountId: channel.id, text: { contains: "离线" } } })).toBe(2);
  });

  it("a transfer to a private team hides the conversation from agents outside it", async () => {
    const team = await seedTeam();
    const vip = await seedTeam({ isPrivate: true });
    const channel = await seedChannel(team.id);
    const agent = await seedSignedInUser({ teamIds: [team.id] });
    const { conversationId = "" } = await customerWrites(channel.id, `vip-${unique()}`);
    await claimConversation(agent.sessionUser, conversationId);

    await transferConversation(agent.sessionUser, conversationId, {
      to: { kind: "team", teamId: vip.id },
      note: "大客户，请 VIP 组跟进",
    });

    const conversation = await db().conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(conversation).toMatchObject({ teamId: vip.id, assigneeId: null, status: "QUEUED" });
    await expect(claimConversation(agent.sessionUser, conversationId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const note = await db().message.findFirstOrThrow({ where: { conversationId, text: { startsWith: "[转接]" } } });
    expect(note.direction).toBe("INTERNAL");
    expect(note.text).toContain("大客户，请 VIP 组跟进");
  });

  it("a customer who writes again after a resolution reopens the same conversation", async () => {
    const team = await seedTeam();
    const channel = await seedChannel(team.id);
    const agent = await onlineAgent(team.id, 5);
    await settled();
    const customer = `again-${unique()}`;
    const first = await customerWrites(channel.id, customer, "订单号 123 发货了吗");
    await settled();
    await resolveConversation(agent.sessionUser, first.conversationId ?? "", {});

    const second = await customerWrites(channel.id, customer, "还有一个问题");
    await settled();

    expect(second.conversationId).toBe(first.conversationId);
    const conversation = await db().conversation.findUniqueOrThrow({ where: { id: first.conversationId } });
    expect(conversation).toMatchObject({ status: "OPEN", assigneeId: agent.user.id, resolvedAt: null });
  });

  it("an agent reopens a resolved conversation and takes it; not while the customer has another one open", async () => {
    const team = await seedTeam();
    const channel = await seedChannel(team.id);
    const agent = await onlineAgent(team.id, 5);
    const other = await onlineAgent(team.id, 5);
    await settled();
    const customer = `reopen-${unique()}`;
    const first = await customerWrites(channel.id, customer, "发票开好了吗");
    await settled();
    await resolveConversation(agent.sessionUser, first.conversationId ?? "", {});

    await reopenConversation(other.sessionUser, first.conversationId ?? "");
    await reopenConversation(other.sessionUser, first.conversationId ?? "");
    const reopened = await db().conversation.findUniqueOrThrow({ where: { id: first.conversationId } });
    expect(reopened).toMatchObject({ status: "OPEN", assigneeId: other.user.id, resolvedAt: null });
    expect(reopened.activeKey).not.toBeNull();
    const events = await db().message.count({
      where: { conversationId: first.conversationId, direction: "INTERNAL", text: { contains: "重新打开" } },
    });
    expect(events).toBe(1);

    await resolveConversation(other.sessionUser, first.conversationId ?? "", {});
    // More than a day later the customer's next message opens a new conversation…
    await db().conversation.update({
      where: { id: first.conversationId },
      data: { resolvedAt: new Date(Date.now() - 25 * 3600_000) },
    });
    const second = await customerWrites(channel.id, customer, "又来了");
    expect(second.conversationId).not.toBe(first.conversationId);
    // …and the old one cannot be reopened beside it.
    await expect(reopenConversation(agent.sessionUser, first.conversationId ?? "")).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("a snoozed conversation frees the agent's capacity and comes back to them when it wakes", async () => {
    const team = await seedTeam();
    const channel = await seedChannel(team.id);
    const agent = await onlineAgent(team.id, 1);
    await settled();
    const { conversationId = "" } = await customerWrites(channel.id, `snooze-${unique()}`);
    await settled();
    expect(await openLoad(agent.user.id)).toBe(1);

    await snoozeConversation(agent.sessionUser, conversationId, { until: new Date(Date.now() + 60 * 60_000) });
    await settled();
    expect(await openLoad(agent.user.id)).toBe(0);
    expect(await wakeSnoozedConversations(conversationId)).toEqual([]);

    // An hour later (the timer job's run, brought forward).
    await db().conversation.update({ where: { id: conversationId }, data: { snoozedUntil: new Date(Date.now() - 1) } });
    expect(await wakeSnoozedConversations()).toContain(conversationId);
    await settled();
    const conversation = await db().conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(conversation).toMatchObject({ status: "OPEN", assigneeId: agent.user.id, snoozedUntil: null });
  });
});
