// The 异常 queue: agents see the anomalies of customers they can see, oldest first, counted per type;
// they claim, snooze and resolve them, each once; supervisors tune the rules.
import { describe, expect, it } from "vitest";
import { PATCH as patchAnomaly } from "@/app/api/anomalies/[anomalyId]/route";
import { PUT as putRule } from "@/app/api/anomaly-rules/[type]/route";
import { db } from "../db/db";
import { seedConversation, seedSignedInUser } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";
import { listRuleSettings } from "./manage-rule-settings";
import { openAnomalyConversation } from "./queue/anomaly-conversation";
import { listAnomalies, listAnomaliesSchema } from "./queue/list-anomalies";
import { workAnomaly } from "./queue/work-anomaly";
import { scanAnomalies } from "./scan-anomalies";

setupTestDatabase();

const unique = () => Math.random().toString(36).slice(2, 10);
const HOUR = 3_600_000;

async function anomalyFor(
  customerId: string | null,
  options: { type?: "LOW_STOCK" | "REFUND_STUCK"; hoursAgo: number },
) {
  const id = unique();
  return db().anomaly.create({
    data: {
      type: options.type ?? "REFUND_STUCK",
      severity: "HIGH",
      subjectType: "refund",
      subjectId: id,
      openKey: `X:${id}`,
      customerId,
      detectedAt: new Date(Date.now() - options.hoursAgo * HOUR),
    },
  });
}

function call(
  handler: typeof patchAnomaly,
  token: string,
  path: string,
  params: Record<string, string>,
  body: unknown,
) {
  return handler(
    new Request(`http://localhost${path}`, {
      method: "PATCH",
      headers: {
        cookie: `ld_session=${token}`,
        origin: "http://localhost",
        host: "localhost",
        "content-type": "application/json",
      },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve(params) },
  );
}

describe("the anomaly queue", () => {
  it("lists open anomalies oldest first with counts per type; an agent sees only the customers they can see", async () => {
    const team = await db().team.create({ data: { name: `VIP ${unique()}`, isPrivate: true } });
    const visible = await seedConversation();
    const hidden = await seedConversation({ teamId: team.id });
    const old = await anomalyFor(visible.customerId, { hoursAgo: 30 });
    const recent = await anomalyFor(visible.customerId, { hoursAgo: 2 });
    const secret = await anomalyFor(hidden.customerId, { hoursAgo: 40 });
    const stock = await anomalyFor(null, { type: "LOW_STOCK", hoursAgo: 1 });

    const agent = await seedSignedInUser({ role: "AGENT" });
    const queue = await listAnomalies(agent.sessionUser, listAnomaliesSchema.parse({}));
    const ids = queue.items.map((item) => item.id);
    expect(ids).toContain(old.id);
    expect(ids).not.toContain(secret.id);
    expect(ids.indexOf(old.id)).toBeLessThan(ids.indexOf(recent.id));
    expect(ids).toContain(stock.id);
    expect(queue.openByType?.LOW_STOCK).toBeGreaterThanOrEqual(1);

    const supervisor = await seedSignedInUser({ role: "SUPERVISOR" });
    const all = await listAnomalies(supervisor.sessionUser, listAnomaliesSchema.parse({ minAgeHours: "24" }));
    expect(all.items.map((item) => item.id)).toEqual(expect.arrayContaining([old.id, secret.id]));
    expect(all.items.map((item) => item.id)).not.toContain(recent.id);
  });

  it("an agent claims and snoozes an anomaly, resolves it once, and may not hand it to someone else", async () => {
    const conversation = await seedConversation();
    const anomaly = await anomalyFor(conversation.customerId, { hoursAgo: 5 });
    const agent = await seedSignedInUser({ role: "AGENT" });
    const colleague = await seedSignedInUser({ role: "AGENT" });
    const path = `/api/anomalies/${anomaly.id}`;
    const params = { anomalyId: anomaly.id };

    const claimed = await workAnomaly(agent.sessionUser, anomaly.id, { action: "claim" }, null);
    expect(claimed).toMatchObject({ status: "OPEN", assignee: { id: agent.user.id } });
    expect(claimed?.acknowledgedAt).not.toBeNull();

    const handOver = await call(patchAnomaly, agent.token, path, params, {
      action: "assign",
      userId: colleague.user.id,
    });
    expect(handOver.status).toBe(403);

    const until = new Date(Date.now() + 2 * HOUR).toISOString();
    await workAnomaly(agent.sessionUser, anomaly.id, { action: "snooze", until }, null);
    const open = await listAnomalies(agent.sessionUser, listAnomaliesSchema.parse({}));
    expect(open.items.map((item) => item.id)).not.toContain(anomaly.id);
    const snoozed = await listAnomalies(agent.sessionUser, listAnomaliesSchema.parse({ status: "snoozed" }));
    expect(snoozed.items.map((item) => item.id)).toContain(anomaly.id);

    const resolving = await Promise.all(
      [1, 2].map(() =>
        call(patchAnomaly, agent.token, path, params, { action: "resolve", resolution: "已联系客户补发" }),
      ),
    );
    expect(resolving.map((response) => response.status).sort()).toEqual([200, 409]);
    const resolved = await db().anomaly.findUniqueOrThrow({ where: { id: anomaly.id } });
    expect(resolved).toMatchObject({ status: "RESOLVED", openKey: null, resolvedById: agent.user.id });
    expect(await db().auditLog.count({ where: { subjectId: anomaly.id, action: "anomaly.resolved" } })).toBe(1);

    const bad = await call(patchAnomaly, agent.token, path, params, { action: "explode" });
    expect(bad.status).toBe(422);
  });

  it("a supervisor changes a threshold: the next pass looks at every subject with it", async () => {
    const supervisor = await seedSignedInUser({ role: "SUPERVISOR" });
    const agent = await seedSignedInUser({ role: "AGENT" });
    await scanAnomalies(new Date(), { full: true });
    const customer = await db().customer.create({ data: { name: "李雷" } });
    const order = await db().order.create({
      data: {
        orderNo: `LD${unique()}`,
        totalFen: 100,
        customerId: customer.id,
        status: "PAID",
        paidAt: new Date(Date.now() - 13 * HOUR),
      },
    });
    const request = (token: string, body: unknown) =>
      putRule(
        new Request("http://localhost/api/anomaly-rules/PAID_NOT_SHIPPED", {
          method: "PUT",
          headers: {
            cookie: `ld_session=${token}`,
            origin: "http://localhost",
            host: "localhost",
            "content-type": "application/json",
          },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({ type: "PAID_NOT_SHIPPED" }) },
      );
    expect((await request(agent.token, { thresholdHours: 12 })).status).toBe(403);
    expect((await request(supervisor.token, { thresholdHours: 0 })).status).toBe(422);
    expect((await request(supervisor.token, { thresholdHours: 12 })).status).toBe(200);
    const rule = (await listRuleSettings()).find((r) => r.type === "PAID_NOT_SHIPPED");
    expect(rule).toMatchObject({ thresholdHours: 12, lastPassAt: null });

    const pass = await scanAnomalies(new Date(), { force: true });
    expect(pass.full).toContain("PAID_NOT_SHIPPED");
    expect(await db().anomaly.count({ where: { type: "PAID_NOT_SHIPPED", orderId: order.id } })).toBe(1);
  });
});

describe("opening an anomaly", () => {
  it("opens a conversation for a customer who never wrote, sending nothing, and the same one again", async () => {
    const supervisor = await seedSignedInUser({ role: "SUPERVISOR" });
    const channel = await db().channelAccount.create({
      data: { kind: "MINI_PROGRAM", name: `mp ${unique()}`, appId: `wx${unique()}${unique()}` },
    });
    const customer = await db().customer.create({
      data: {
        name: "只下过单的客户",
        identities: { create: { externalId: `o${unique()}`, channelAccountId: channel.id } },
      },
    });
    const anomaly = await anomalyFor(customer.id, { hoursAgo: 2 });

    const { conversationId } = await openAnomalyConversation(supervisor.sessionUser, anomaly.id);
    const opened = await db().conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(opened).toMatchObject({
      customerId: customer.id,
      channelAccountId: channel.id,
      status: "OPEN",
      assigneeId: supervisor.user.id,
    });
    expect(await db().message.count({ where: { conversationId } })).toBe(0);
    expect((await db().anomaly.findUniqueOrThrow({ where: { id: anomaly.id } })).conversationId).toBe(conversationId);
    expect(await openAnomalyConversation(supervisor.sessionUser, anomaly.id)).toEqual({ conversationId });

    // A second anomaly of the same customer opens the same conversation.
    const another = await anomalyFor(customer.id, { hoursAgo: 1 });
    expect(await openAnomalyConversation(supervisor.sessionUser, another.id)).toEqual({ conversationId });
  });

  it("an anomaly about no customer has no conversation to open", async () => {
    const supervisor = await seedSignedInUser({ role: "SUPERVISOR" });
    const stock = await anomalyFor(null, { type: "LOW_STOCK", hoursAgo: 1 });
    await expect(openAnomalyConversation(supervisor.sessionUser, stock.id)).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
