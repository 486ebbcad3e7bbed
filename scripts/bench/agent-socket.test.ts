import http from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchNumbers, connectAgentSocket } from "./agent-socket";

// The bench's agent sockets speak socket.io's protocol by hand: checked here against socket.io's own
// server, so an upgrade that changes the protocol fails this test instead of the bench reporting
// every message lost.
let server: http.Server;
let io: Server;
let base: string;

beforeAll(async () => {
  server = http.createServer();
  // Heartbeats every 50 ms: a socket that did not answer them would be closed within the test.
  io = new Server(server, { pingInterval: 50, pingTimeout: 50 });
  io.use((socket, next) =>
    next(socket.request.headers.cookie === "session=ok" ? undefined : new Error("UNAUTHORIZED")),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await io.close();
});

const row = (preview: string) => [
  "conversation.updated",
  { id: "c1", customer: { name: "李明" }, lastMessagePreview: preview },
];

describe("the bench's agent socket", () => {
  it("hears the bench rows of a batched frame, and stays connected through heartbeats", async () => {
    const heard: number[][] = [];
    const socket = await connectAgentSocket({ base, cookie: "session=ok", onRows: (numbers) => heard.push(numbers) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(io.of("/").sockets.size).toBe(1);

    io.emit("events.batched", [
      row("bench 7"),
      ["message.created", { text: "bench 99" }],
      row("你好 bench 5"),
      row("bench 1234"),
    ]);
    io.emit("events.batched", [row("收到")]);
    io.emit("presence.changed", { lastMessagePreview: "bench 8" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard).toEqual([[7, 1234]]);
    socket.close();
  });

  it("is refused when socket.io's middleware refuses the session", async () => {
    await expect(connectAgentSocket({ base, cookie: "session=bad", onRows: () => {} })).rejects.toThrow(
      /refused.*UNAUTHORIZED/,
    );
  });

  it("reads numbers from the frame's bytes, Chinese text around them included", () => {
    const frame = Buffer.from(
      `42["events.batched",[["conversation.updated",{"customer":{"name":"微信用户 1a2b"},"lastMessagePreview":"bench 42","tags":["复购"]}]]]`,
    );
    expect(benchNumbers(frame)).toEqual([42]);
  });
});
