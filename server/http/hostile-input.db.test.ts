// The API's route handlers, called as Next.js calls them, with input a hostile or careless client
// sends: each gets a clear 4xx and nothing is stored.
import { describe, expect, it } from "vitest";
import { POST as postCannedReply } from "@/app/api/canned-replies/route";
import { PATCH as patchChannel } from "@/app/api/channels/[channelId]/route";
import { POST as postNote } from "@/app/api/conversations/[conversationId]/notes/route";
import { PATCH as patchConversation } from "@/app/api/conversations/[conversationId]/route";
import { PATCH as patchCustomer } from "@/app/api/customers/[customerId]/route";
import { GET as getMedia } from "@/app/api/messages/[messageId]/media/route";
import { GET as search } from "@/app/api/search/route";
import { PATCH as patchUser } from "@/app/api/users/[userId]/route";
import { POST as postUser } from "@/app/api/users/route";
import { db } from "../db/db";
import { seedConversation, seedSignedInUser, seedTeam } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";

setupTestDatabase();

const ORIGIN = "http://localhost";
type Handler = (req: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(
  handler: Handler,
  options: { token: string; method?: string; path?: string; params?: Record<string, string>; body?: string },
) {
  const request = new Request(`${ORIGIN}${options.path ?? "/api/x"}`, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers: {
      cookie: `ld_session=${options.token}`,
      origin: ORIGIN,
      host: "localhost",
      "content-type": "application/json",
    },
    body: options.body,
  });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  return {
    status: response.status,
    body: (await response.json()) as { error?: { code: string; issues?: { path: string }[] } },
  };
}

// JSON's own escapes: what a client sends on the wire, not characters in this file.
const NUL = "\\u0000";
const LONE_SURROGATE = "\\ud800";

describe("text PostgreSQL cannot store", () => {
  for (const [name, hostile] of [
    ["a NUL character", NUL],
    ["a lone surrogate", LONE_SURROGATE],
  ] as const) {
    it(`${name} in a note, a tag, a customer note or a search answers 422 and stores nothing`, async () => {
      const agent = await seedSignedInUser();
      const conversation = await seedConversation({ assigneeId: agent.user.id });
      const params = { conversationId: conversation.id };
      const attempts = [
        call(postNote, { token: agent.token, params, body: `{"text": "备注${hostile}"}` }),
        call(patchConversation, { token: agent.token, method: "PATCH", params, body: `{"tags": ["vip${hostile}"]}` }),
        call(patchCustomer, {
          token: agent.token,
          method: "PATCH",
          params: { customerId: conversation.customerId },
          body: `{"note": "老客户${hostile}"}`,
        }),
      ];
      for (const answer of await Promise.all(attempts)) {
        expect(answer.status).toBe(422);
        expect(answer.body.error?.code).toBe("INVALID_INPUT");
      }
      expect(await db().message.count({ where: { conversationId: conversation.id } })).toBe(0);
      expect((await db().conversation.findUniqueOrThrow({ where: { id: conversation.id } })).tags).toEqual([]);
      expect((await db().customer.findUniqueOrThrow({ where: { id: conversation.customerId } })).note).toBeNull();
    });
  }

  it("a NUL character in a search query or a path id answers 422", async () => {
    const agent = await seedSignedInUser();
    expect((await call(search, { token: agent.token, path: "/api/search?q=%E5%9C%A8%00" })).status).toBe(422);
    const answer = await call(patchConversation, {
      token: agent.token,
      method: "PATCH",
      params: { conversationId: "c1\u0000" },
      body: '{"tags": ["vip"]}',
    });
    expect(answer.status).toBe(422);
  });
});

describe("a team that does not exist", () => {
  it("answers 422 naming the field when users, canned replies and channels are given it", async () => {
    const admin = await seedSignedInUser({ role: "ADMIN" });
    const agent = await seedSignedInUser();
    const channel = await db().channelAccount.create({
      data: { kind: "OFFICIAL_ACCOUNT", name: "OA", appId: `wx${agent.user.id}` },
    });
    const answers = await Promise.all([
      call(patchUser, {
        token: admin.token,
        method: "PATCH",
        path: `/api/users/${agent.user.id}`,
        params: { userId: agent.user.id },
        body: '{"teamIds": ["no-such-team"]}',
      }),
      call(postUser, {
        token: admin.token,
        body: '{"email": "new@loopdesk.test", "name": "新人", "role": "AGENT", "password": "long enough pw", "teamIds": ["no-such-team"]}',
      }),
      call(postCannedReply, {
        token: admin.token,
        body: '{"shortcut": "hi", "title": "问候", "body": "您好", "teamId": "no-such-team"}',
      }),
      call(patchChannel, {
        token: admin.token,
        method: "PATCH",
        params: { channelId: channel.id },
        body: '{"teamId": "no-such-team"}',
      }),
    ]);
    expect(answers.map((answer) => [answer.status, answer.body.error?.issues?.[0]?.path])).toEqual([
      [422, "teamIds"],
      [422, "teamIds"],
      [422, "teamId"],
      [422, "teamId"],
    ]);
    expect(await db().user.count({ where: { email: "new@loopdesk.test" } })).toBe(0);
    expect(await db().cannedReply.count({ where: { shortcut: "hi" } })).toBe(0);
    expect((await db().channelAccount.findUniqueOrThrow({ where: { id: channel.id } })).teamId).toBeNull();
  });
});

describe("media of a message", () => {
  it("in a conversation the agent may not see is answered exactly like a message that does not exist", async () => {
    const vip = await seedTeam({ isPrivate: true });
    const outsider = await seedSignedInUser();
    const conversation = await seedConversation({ teamId: vip.id });
    const message = await db().message.create({
      data: {
        conversationId: conversation.id,
        channelAccountId: conversation.channelAccountId,
        direction: "INBOUND",
        senderKind: "CUSTOMER",
        type: "IMAGE",
        body: { type: "IMAGE", mediaId: "media-1" },
        text: "[图片]",
        externalMsgId: `m-${conversation.id}`,
        sentAt: new Date(),
      },
    });
    const hidden = await call(getMedia, { token: outsider.token, params: { messageId: message.id } });
    const unknown = await call(getMedia, { token: outsider.token, params: { messageId: "no-such-message" } });
    expect(hidden).toEqual(unknown);
    expect(hidden.status).toBe(404);
  });
});
