import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
// The browser's own dispatcher: these tests are the console's side of the socket.
import { dispatchBatchedEvents } from "@/components/realtime/dispatch-batched-events";
import { signOut } from "../auth/sign-out";
import { conversationListSelect, toConversationListItem } from "../conversations/conversation-dto";
import { db } from "../db/db";
import { getConfig } from "../env";
import { transferConversation } from "../routing/transfer-conversation";
import { eventually } from "../testing/eventually";
import { seedConversation, seedSignedInUser, seedTeam } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";
import { updateUser } from "../users/update-user";
import type { ClientToServerEvents, ServerToClientEvents } from "./events";
import { setIo } from "./io";
import { flushPublished, publish } from "./publish";
import { createRealtimeServer } from "./realtime-server";

setupTestDatabase();

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
let httpServer: Server;
let realtime: Awaited<ReturnType<typeof createRealtimeServer>>;
let url: string;
const clients: ClientSocket[] = [];

beforeAll(async () => {
  httpServer = createServer();
  realtime = await createRealtimeServer(httpServer, { allowedOrigins: [], presenceGraceMs: 150 });
  setIo(realtime.io);
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await realtime.close();
  setIo(undefined);
  httpServer.closeAllConnections();
  await new Promise((resolve) => httpServer.close(resolve));
});

function open(options: { token?: string; origin?: string; target?: string } = {}): ClientSocket {
  const target = options.target ?? url;
  const client: ClientSocket = connect(target, {
    transports: ["websocket"],
    reconnection: false,
    extraHeaders: {
      origin: options.origin ?? target,
      ...(options.token ? { cookie: `ld_session=${options.token}` } : {}),
    },
  });
  clients.push(client);
  return client;
}

function connected(client: ClientSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    client.once("connect", () => resolve());
    client.once("connect_error", reject);
  });
}

function refused(client: ClientSocket): Promise<string> {
  return new Promise((resolve) => {
    client.once("connect", () => resolve("connected"));
    client.once("connect_error", (error) => resolve(error.message));
  });
}

const getConversationRow = async (id: string) =>
  toConversationListItem(await db().conversation.findUniqueOrThrow({ where: { id }, select: conversationListSelect }));

const presenceOf = async (userId: string) => (await db().user.findUniqueOrThrow({ where: { id: userId } })).presence;

describe("the realtime link", () => {
  it("refuses a handshake without a session", async () => {
    expect(await refused(open())).toBe("UNAUTHORIZED");
  });

  it("refuses a handshake from another site, even with a valid session cookie", async () => {
    const { token } = await seedSignedInUser();
    expect(await refused(open({ token, origin: "https://evil.example" }))).not.toBe("connected");
  });

  it("brings an agent online when the console connects; supervisors see it live; offline after the last tab closes", async () => {
    const team = await seedTeam();
    const supervisor = await seedSignedInUser({ role: "SUPERVISOR" });
    const agent = await seedSignedInUser({ teamIds: [team.id] });
    const watcher = open({ token: supervisor.token });
    await connected(watcher);
    const seen: string[] = [];
    watcher.on("agent.presence_changed", (event) => {
      if (event.userId === agent.user.id) seen.push(event.presence);
    });

    const tab = open({ token: agent.token });
    await connected(tab);
    expect(
      await eventually(
        () => presenceOf(agent.user.id),
        (p) => p === "ONLINE",
      ),
    ).toBe("ONLINE");
    tab.disconnect();
    expect(
      await eventually(
        () => presenceOf(agent.user.id),
        (p) => p === "OFFLINE",
      ),
    ).toBe("OFFLINE");
    await eventually(
      async () => seen.length,
      (n) => n >= 2,
    );
    expect(seen).toEqual(["ONLINE", "OFFLINE"]);
  });

  it("delivers an event for one agent to that agent only", async () => {
    const alice = await seedSignedInUser();
    const bob = await seedSignedInUser();
    const aliceSocket = open({ token: alice.token });
    const bobSocket = open({ token: bob.token });
    await Promise.all([connected(aliceSocket), connected(bobSocket)]);
    const got = { alice: 0, bob: 0 };
    aliceSocket.on("conversation.removed", () => {
      got.alice += 1;
    });
    bobSocket.on("conversation.removed", () => {
      got.bob += 1;
    });
    publish.toAgent(alice.user.id, "conversation.removed", { id: "c-for-alice" });
    await eventually(
      async () => got.alice,
      (n) => n === 1,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(got).toEqual({ alice: 1, bob: 0 });
  });

  it("sends a burst of messages to an open conversation as few frames, every message once and in order", async () => {
    const agent = await seedSignedInUser();
    const conversation = await seedConversation();
    const socket = open({ token: agent.token });
    await connected(socket);
    expect(await socket.emitWithAck("conversation.subscribe", { conversationId: conversation.id })).toEqual({
      ok: true,
    });
    const ids = Array.from({ length: 30 }, (_, index) => `burst-${index}`);
    // Only the burst: routing may add its own timeline events to the conversation meanwhile.
    const frames: string[][] = [];
    socket.on("events.batched", (events) => {
      const heard: string[] = [];
      dispatchBatchedEvents(events, {
        "message.created": (message) => {
          if (ids.includes(message.id)) heard.push(message.id);
        },
      });
      if (heard.length > 0) frames.push(heard);
    });
    for (const id of ids) {
      publish.toConversation(conversation.id, "message.created", {
        id,
        conversationId: conversation.id,
        direction: "INBOUND",
        senderKind: "CUSTOMER",
        senderUserId: null,
        type: "TEXT",
        content: { type: "TEXT", text: id },
        text: id,
        deliveryStatus: null,
        failureReason: null,
        sentAt: "2026-01-01T00:00:00.000Z",
        updatedAt: "2026-01-01T00:00:00.000Z",
      });
    }
    await eventually(
      async () => frames.flat().length,
      (n) => n >= ids.length,
    );
    expect(frames.flat()).toEqual(ids);
    expect(frames.length).toBe(1);
  });

  it("makes no frame for a conversation nobody has open", async () => {
    const to = vi.spyOn(realtime.io, "to");
    try {
      publish.toConversation("conversation-nobody-opened", "message.created", {
        id: "m-unseen",
        conversationId: "conversation-nobody-opened",
        direction: "INBOUND",
        senderKind: "CUSTOMER",
        senderUserId: null,
        type: "TEXT",
        content: { type: "TEXT", text: "在吗" },
        text: "在吗",
        deliveryStatus: null,
        failureReason: null,
        sentAt: "2026-01-01T00:00:00.000Z",
        updatedAt: "2026-01-01T00:00:00.000Z",
      });
      flushPublished();
      expect(to).not.toHaveBeenCalled();
    } finally {
      to.mockRestore();
    }
  });

  it("lets only members join a private team's conversation room, answering outsiders NOT_FOUND", async () => {
    const team = await seedTeam({ isPrivate: true });
    const conversation = await seedConversation({ teamId: team.id });
    const member = await seedSignedInUser({ teamIds: [team.id] });
    const outsider = await seedSignedInUser();
    const memberSocket = open({ token: member.token });
    const outsiderSocket = open({ token: outsider.token });
    await Promise.all([connected(memberSocket), connected(outsiderSocket)]);
    const ask = (socket: ClientSocket, conversationId: string) =>
      socket.emitWithAck("conversation.subscribe", { conversationId });
    expect(await ask(memberSocket, conversation.id)).toEqual({ ok: true });
    expect(await ask(outsiderSocket, conversation.id)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await ask(outsiderSocket, "no-such-conversation")).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    const invalid = await outsiderSocket.emitWithAck("conversation.subscribe", { conversationId: 42 } as never);
    expect(invalid).toMatchObject({ ok: false, error: { code: "INVALID_INPUT" } });
  });

  it("an agent taken out of a private team stops hearing it on the socket already open, and cannot rejoin", async () => {
    const vip = await seedTeam({ isPrivate: true });
    const admin = await seedSignedInUser({ role: "ADMIN" });
    const leaving = await seedSignedInUser({ teamIds: [vip.id] });
    const staying = await seedSignedInUser({ teamIds: [vip.id] });
    // Handled by the one who stays, so that routing cannot hand it to the one who leaves.
    const conversation = await seedConversation({ teamId: vip.id, assigneeId: staying.user.id });
    const leavingSocket = open({ token: leaving.token });
    const stayingSocket = open({ token: staying.token });
    await Promise.all([connected(leavingSocket), connected(stayingSocket)]);
    for (const socket of [leavingSocket, stayingSocket]) {
      expect(await socket.emitWithAck("conversation.subscribe", { conversationId: conversation.id })).toEqual({
        ok: true,
      });
    }
    const heard = { leaving: [] as string[], staying: [] as string[] };
    const listen = (socket: ClientSocket, into: string[]) =>
      socket.on("events.batched", (events) => {
        dispatchBatchedEvents(events, {
          "message.created": (message) => into.push(`message:${message.id}`),
          "conversation.updated": (row) => into.push(`row:${row.id}`),
        });
      });
    listen(leavingSocket, heard.leaving);
    listen(stayingSocket, heard.staying);

    await updateUser(admin.sessionUser, leaving.user.id, { teamIds: [] }, null);
    const note = {
      id: "note-after-removal",
      conversationId: conversation.id,
      direction: "INTERNAL",
      senderKind: "AGENT",
      senderUserId: staying.user.id,
      type: "TEXT",
      content: { type: "TEXT", text: "内部备注：客户是 VIP" },
      text: "内部备注：客户是 VIP",
      deliveryStatus: null,
      failureReason: null,
      sentAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
    } as const;
    publish.toConversation(conversation.id, "message.created", note);
    const row = await getConversationRow(conversation.id);
    publish.toTeams([vip.id], "conversation.updated", row);
    await eventually(
      async () => heard.staying.length,
      (n) => n >= 2,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard.staying).toEqual([`message:${note.id}`, `row:${conversation.id}`]);
    expect(heard.leaving).toEqual([]);
    expect(
      await leavingSocket.emitWithAck("conversation.subscribe", { conversationId: conversation.id }),
    ).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
  });

  it("an agent added to a private team hears it on the socket already open", async () => {
    const vip = await seedTeam({ isPrivate: true });
    const admin = await seedSignedInUser({ role: "ADMIN" });
    const joining = await seedSignedInUser();
    const conversation = await seedConversation({ teamId: vip.id, assigneeId: admin.user.id });
    const socket = open({ token: joining.token });
    await connected(socket);
    const rows: string[] = [];
    socket.on("events.batched", (events) =>
      dispatchBatchedEvents(events, { "conversation.updated": (row) => rows.push(row.id) }),
    );
    await updateUser(admin.sessionUser, joining.user.id, { teamIds: [vip.id] }, null);
    publish.toTeams([vip.id], "conversation.updated", await getConversationRow(conversation.id));
    expect(
      await eventually(
        async () => rows,
        (ids) => ids.length > 0,
      ),
    ).toEqual([conversation.id]);
    expect(await socket.emitWithAck("conversation.subscribe", { conversationId: conversation.id })).toEqual({
      ok: true,
    });
  });

  it("a conversation moved into a private team: outsiders who had it open do not get the transfer or its note", async () => {
    const open_ = await seedTeam();
    const vip = await seedTeam({ isPrivate: true });
    const agent = await seedSignedInUser({ teamIds: [open_.id] });
    const outsider = await seedSignedInUser({ teamIds: [open_.id] });
    const conversation = await seedConversation({ teamId: open_.id, assigneeId: agent.user.id });
    const outsiderSocket = open({ token: outsider.token });
    await connected(outsiderSocket);
    expect(await outsiderSocket.emitWithAck("conversation.subscribe", { conversationId: conversation.id })).toEqual({
      ok: true,
    });
    const heard: string[] = [];
    outsiderSocket.on("events.batched", (events) =>
      dispatchBatchedEvents(events, { "message.created": (message) => heard.push(message.text ?? "") }),
    );
    const removed = new Promise((resolve) => outsiderSocket.once("conversation.removed", resolve));

    await transferConversation(agent.sessionUser, conversation.id, {
      to: { kind: "team", teamId: vip.id },
      note: "大客户，请 VIP 组跟进",
    });
    expect(await removed).toEqual({ id: conversation.id });
    flushPublished();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(heard).toEqual([]);
  });

  it("refuses a conversation id with a NUL character or other garbage as invalid input", async () => {
    const agent = await seedSignedInUser();
    const socket = open({ token: agent.token });
    await connected(socket);
    for (const conversationId of ["c1\u0000", "\ud800", "a b"]) {
      expect(await socket.emitWithAck("conversation.subscribe", { conversationId })).toMatchObject({
        ok: false,
        error: { code: "INVALID_INPUT" },
      });
    }
  });

  it("drops a signed-out session's sockets and tells the browser why", async () => {
    const agent = await seedSignedInUser();
    const socket = open({ token: agent.token });
    await connected(socket);
    const revoked = new Promise((resolve) => socket.once("session.revoked", resolve));
    const dropped = new Promise((resolve) => socket.once("disconnect", resolve));
    await signOut(agent.sessionUser, null);
    expect(await revoked).toEqual({ reason: "session_ended" });
    expect(await dropped).toBe("io server disconnect");
  });
});

describe.runIf(getConfig().redisUrl)("with REDIS_URL: several instances", () => {
  it("an event published on one instance reaches a browser connected to another", async () => {
    const redisUrl = getConfig().redisUrl;
    const other = createServer();
    const otherRealtime = await createRealtimeServer(other, { allowedOrigins: [], redisUrl });
    const first = await createRealtimeServer(createServer(), { allowedOrigins: [], redisUrl });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    try {
      const agent = await seedSignedInUser();
      const socket = open({ token: agent.token, target: `http://127.0.0.1:${(other.address() as AddressInfo).port}` });
      await connected(socket);
      const received = new Promise((resolve) => socket.once("agent.presence_changed", resolve));
      // Give the subscription a moment to register with Redis before publishing from the first instance.
      await new Promise((resolve) => setTimeout(resolve, 200));
      first.io.to(`agent:${agent.user.id}`).emit("agent.presence_changed", {
        userId: agent.user.id,
        presence: "AWAY",
        changedAt: "2026-01-01T00:00:00.000Z",
      });
      expect(await received).toMatchObject({ presence: "AWAY" });
    } finally {
      await Promise.all([first.close(), otherRealtime.close()]);
      other.closeAllConnections();
      other.close();
    }
  });
});
