import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { InboundMessage } from "../conversations/inbound-message";
import { ingestInboundMessage } from "../conversations/ingest/ingest-inbound-message";
import { db } from "../db/db";
import { publish } from "../realtime/publish";
import { seedSignedInUser } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";
import { mergeCustomers, splitIdentity } from "./merge-customers";

setupTestDatabase();
afterEach(() => {
  vi.restoreAllMocks();
});

const unique = () => randomBytes(4).toString("hex");

async function seedChannel(kind: "OFFICIAL_ACCOUNT" | "MINI_PROGRAM") {
  const id = unique();
  return db().channelAccount.create({ data: { kind, name: `${kind} ${id}`, appId: `wx${id}` } });
}

const says = (channelAccountId: string, externalUserId: string, text: string, unionId?: string): InboundMessage => ({
  channelAccountId,
  externalUserId,
  externalMsgId: unique(),
  sentAt: new Date(),
  content: { type: "TEXT", text },
  window: { kind: "MESSAGE" },
  ...(unionId ? { profile: { unionId } } : {}),
});

async function writes(message: InboundMessage) {
  const result = await ingestInboundMessage(message);
  if (!result.conversationId) throw new Error(`not ingested: ${result.status}`);
  return result.conversationId;
}

const customerOf = async (conversationId: string) =>
  (await db().conversation.findUniqueOrThrow({ where: { id: conversationId } })).customerId;

/** One person, seen as two customers: a follower who wrote on the Official Account and in the mini program. */
async function onePersonTwoRecords() {
  const [oa, mini] = [await seedChannel("OFFICIAL_ACCOUNT"), await seedChannel("MINI_PROGRAM")];
  const { sessionUser } = await seedSignedInUser({ role: "SUPERVISOR" });
  const oaConversation = await writes(says(oa.id, `o${unique()}`, "订单什么时候发货？"));
  const miniUser = `m${unique()}`;
  const miniConversation = await writes(says(mini.id, miniUser, "我在小程序下的单"));
  return { mini, miniUser, sessionUser, oaConversation, miniConversation, person: await customerOf(oaConversation) };
}

describe("merging and splitting customers", () => {
  it("a supervisor merges the mini-program customer into the Official Account one: agents see the row move, and the next mini-program message continues the same conversation", async () => {
    const { mini, miniUser, sessionUser, miniConversation, person } = await onePersonTwoRecords();

    const published = vi.spyOn(publish, "toRooms");
    await mergeCustomers(sessionUser, person, await customerOf(miniConversation), null);

    // The agents' inbox shows the moved conversation under the customer it now belongs to.
    expect(published.mock.calls.map(([, event, row]) => [event, row])).toContainEqual([
      "conversation.updated",
      expect.objectContaining({ id: miniConversation, customer: expect.objectContaining({ id: person }) }),
    ]);
    expect(await customerOf(miniConversation)).toBe(person);
    expect(await writes(says(mini.id, miniUser, "还没收到"))).toBe(miniConversation);
    expect(await db().conversation.count({ where: { customerId: person } })).toBe(2);
    expect(await db().auditLog.count({ where: { action: "customer.merged", subjectId: person } })).toBe(1);
  });

  it("refuses to merge two customers with different unionids, and changes nothing", async () => {
    const [oa, mini] = [await seedChannel("OFFICIAL_ACCOUNT"), await seedChannel("MINI_PROGRAM")];
    const { sessionUser } = await seedSignedInUser({ role: "SUPERVISOR" });
    const first = await customerOf(await writes(says(oa.id, `o${unique()}`, "你好", `u${unique()}`)));
    const miniConversation = await writes(says(mini.id, `m${unique()}`, "你好", `u${unique()}`));
    const second = await customerOf(miniConversation);

    await expect(mergeCustomers(sessionUser, first, second, null)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await customerOf(miniConversation)).toBe(second);
    expect((await db().customer.findUniqueOrThrow({ where: { id: second } })).mergedIntoId).toBeNull();
  });

  it("a wrong merge is split again: the identity leaves with its conversation, which its next message continues", async () => {
    const { mini, miniUser, sessionUser, oaConversation, miniConversation, person } = await onePersonTwoRecords();
    await mergeCustomers(sessionUser, person, await customerOf(miniConversation), null);
    const identity = await db().customerIdentity.findFirstOrThrow({
      where: { customerId: person, channelAccountId: mini.id },
    });

    const split = await splitIdentity(sessionUser, person, identity.id, null);

    expect(await customerOf(miniConversation)).toBe(split);
    expect(await customerOf(oaConversation)).toBe(person);
    expect(await writes(says(mini.id, miniUser, "在吗"))).toBe(miniConversation);
  });
});
