import net, { type AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createAppServer } from "./app-server";

type Started = ReturnType<typeof createAppServer> & { url: string };
const started: Started[] = [];

async function start(handle: Parameters<typeof createAppServer>[0]["handle"]): Promise<Started> {
  const app = createAppServer({ handle, apiBodyLimitBytes: 1024, trustProxy: false });
  await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
  const { port } = app.server.address() as AddressInfo;
  const result = { ...app, url: `http://127.0.0.1:${port}` };
  started.push(result);
  return result;
}

afterEach(() => {
  for (const app of started.splice(0)) app.server.closeAllConnections();
});

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the console's HTTP server", () => {
  it("refuses an oversized API body with 413 before reading it", async () => {
    let reached = false;
    const app = await start((_req, res) => {
      reached = true;
      res.end("ok");
    });
    const response = await fetch(`${app.url}/api/auth/sign-in`, { method: "POST", body: "x".repeat(4096) });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(reached).toBe(false);
  });

  it("lets a client finish sending an oversized body and read the 413, instead of cutting it off", async () => {
    const app = await start((_req, res) => {
      res.end("ok");
    });
    // A raw connection, like a browser on a slow uplink: the answer comes while most of the body is
    // still to send. A server that closes right after answering makes the next writes fail (EPIPE,
    // ECONNRESET) and the client never reads the 413.
    const chunk = Buffer.alloc(256 * 1024, "x");
    const chunks = 32;
    const socket = net.connect(Number(new URL(app.url).port), "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    let answer = "";
    socket.on("data", (data: Buffer) => {
      answer += data.toString("latin1");
    });
    const cut = new Promise<string>((resolve) => {
      socket.once("error", (error) => resolve(error.message));
      socket.once("close", () => resolve("closed by the server"));
    });
    const sending = (async () => {
      socket.write(
        `POST /api/auth/sign-in HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${chunk.length * chunks}\r\n\r\n`,
      );
      for (let i = 0; i < chunks; i += 1) {
        if (!socket.write(chunk)) await new Promise((resolve) => socket.once("drain", resolve));
        await wait(2);
      }
      return "sent";
    })();
    expect(await Promise.race([sending, cut])).toBe("sent");
    await vi.waitFor(() => expect(answer).toMatch(/^HTTP\/1\.1 413 /));
    socket.destroy();
  });

  it("stamps the client address and overwrites a forged one", async () => {
    const app = await start((req, res) => {
      res.end(String(req.headers["x-loopdesk-client-ip"]));
    });
    const response = await fetch(`${app.url}/`, { headers: { "x-loopdesk-client-ip": "6.6.6.6" } });
    expect(await response.text()).toBe("127.0.0.1");
  });

  it("lets an in-flight request finish on shutdown and accepts no new connections", async () => {
    const app = await start(async (_req, res) => {
      await wait(300);
      res.end("finished");
    });
    const inFlight = fetch(`${app.url}/slow`).then((response) => response.text());
    await wait(50);
    const drained = app.drain(5_000);
    await wait(20);
    await expect(fetch(`${app.url}/late`)).rejects.toThrow();
    expect(await inFlight).toBe("finished");
    expect(await drained).toEqual({ cutRequests: 0 });
  });

  it("cuts requests still running when the drain timeout passes", async () => {
    const app = await start(async () => {
      await wait(10_000);
    });
    const hung = fetch(`${app.url}/hang`).catch(() => "cut");
    await wait(50);
    const began = Date.now();
    expect(await app.drain(200)).toEqual({ cutRequests: 1 });
    expect(Date.now() - began).toBeLessThan(5_000);
    expect(await hung).toBe("cut");
  });
});
