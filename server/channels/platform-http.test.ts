import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { callPlatform, PlatformHttpError } from "./platform-http";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, requestOnSocket: number) => void;

const servers: http.Server[] = [];

/** A loopback platform; the handler learns how many requests its connection has carried. */
async function platform(handler: Handler) {
  const perSocket = new WeakMap<object, number>();
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    const count = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, count);
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    req.on("end", () => {
      seen.push(`${req.method} ${req.url} ${body}`);
      handler(req, res, count);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const json = (res: http.ServerResponse, value: unknown) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
};

describe("calling a WeChat-family API", () => {
  it("posts JSON and reads the JSON answer, on one kept-alive connection", async () => {
    const sockets = new Set<unknown>();
    const { url, seen } = await platform((req, res) => {
      sockets.add(req.socket);
      json(res, { errcode: 0, echo: req.url });
    });
    const init = { method: "POST" as const, json: '{"cursor":"c1"}', timeoutMs: 1000, maxBytes: 1024 };
    const first = await callPlatform(`${url}/cgi-bin/kf/sync_msg?access_token=t`, init);
    const second = await callPlatform(`${url}/cgi-bin/kf/sync_msg?access_token=t`, init);
    expect(first).toMatchObject({ status: 200, body: '{"errcode":0,"echo":"/cgi-bin/kf/sync_msg?access_token=t"}' });
    expect(second.status).toBe(200);
    expect(seen).toEqual([
      'POST /cgi-bin/kf/sync_msg?access_token=t {"cursor":"c1"}',
      'POST /cgi-bin/kf/sync_msg?access_token=t {"cursor":"c1"}',
    ]);
    expect(sockets.size).toBe(1);
  });

  it("sends again, once, a call whose kept-alive connection the platform had just closed", async () => {
    // The platform resets every connection at its second request without answering: to the client
    // this is what a socket closed as idle just as it was reused looks like.
    const { url, seen } = await platform((req, res, requestOnSocket) => {
      if (requestOnSocket > 1) req.socket.destroy();
      else json(res, { errcode: 0 });
    });
    const init = { method: "GET" as const, timeoutMs: 1000, maxBytes: 1024 };
    await callPlatform(`${url}/a`, init);
    await expect(callPlatform(`${url}/b`, init)).resolves.toMatchObject({ status: 200, body: '{"errcode":0}' });
    expect(seen).toEqual(["GET /a ", "GET /b ", "GET /b "]);
  });

  it("does not send again a call whose fresh connection failed: the platform may have acted on it", async () => {
    const { url, seen } = await platform((req) => req.socket.destroy());
    const error = await callPlatform(`${url}/cgi-bin/kf/send_msg`, {
      method: "POST",
      json: "{}",
      timeoutMs: 1000,
      maxBytes: 1024,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformHttpError);
    expect((error as PlatformHttpError).message).toMatch(/connection failed/);
    expect(seen).toHaveLength(1);
  });

  it("gives up on a platform that does not answer in time", async () => {
    const { url } = await platform(() => {});
    const error = await callPlatform(`${url}/slow`, { method: "GET", timeoutMs: 50, maxBytes: 1024 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PlatformHttpError);
    expect((error as PlatformHttpError).message).toBe("no answer within 50 ms");
  });

  it("refuses an answer larger than the limit instead of buffering it", async () => {
    const { url } = await platform((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`"${"x".repeat(10_000)}"`);
    });
    const error = await callPlatform(`${url}/big`, { method: "GET", timeoutMs: 1000, maxBytes: 4096 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PlatformHttpError);
    expect((error as PlatformHttpError).message).toBe("answer larger than 4096 bytes");
  });

  it("refuses a URL that is neither http nor https", async () => {
    await expect(callPlatform("file:///etc/passwd", { method: "GET", timeoutMs: 50, maxBytes: 1024 })).rejects.toThrow(
      "unsupported protocol file:",
    );
  });
});
