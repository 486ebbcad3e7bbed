import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
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
