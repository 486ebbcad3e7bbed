import { createServer, type Server } from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { readWebhookBody } from "./read-webhook-body";
import { createWebhookHandler, handleWebhookRequest } from "./sources";

const servers: Server[] = [];

afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function listen(handle: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(handle);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** Sends the head and body parts on a raw connection; resolves with what came back before it closed or `afterMs`. */
async function exchange(port: number, parts: string[], options: { afterMs: number; gapMs?: number }) {
  const socket = net.connect(port, "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  let answer = "";
  let error = "";
  socket.on("data", (data: Buffer) => {
    answer += data.toString("latin1");
  });
  socket.on("error", (failure) => {
    error = failure.message;
  });
  for (const part of parts) {
    if (socket.destroyed) break;
    socket.write(part);
    await new Promise((resolve) => setTimeout(resolve, options.gapMs ?? 0));
  }
  await new Promise((resolve) => setTimeout(resolve, options.afterMs));
  socket.destroy();
  return { answer, error };
}

const chunked = (data: string) => `${data.length.toString(16)}\r\n${data}\r\n`;

describe("a webhook body", () => {
  it("that stalls halfway is answered 408 once the body timeout passes", async () => {
    const port = await listen(createWebhookHandler({ bodyTimeoutMs: 200 }));
    const started = Date.now();
    const { answer } = await exchange(
      port,
      ["POST /webhooks/wecom HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n", "only part of it"],
      { afterMs: 600 },
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("that arrives whole is read as sent", async () => {
    const port = await listen((req, res) => {
      readWebhookBody(req, { limitBytes: 1024, timeoutMs: 1_000 }).then(
        (body) => res.end(`got ${body}`),
        () => res.end("failed"),
      );
    });
    const response = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "<xml>你好</xml>" });
    expect(await response.text()).toBe("got <xml>你好</xml>");
  });

  it("sent chunked past the limit gets a 413 the platform can read, not a reset", async () => {
    const port = await listen(handleWebhookRequest);
    const chunk = chunked("x".repeat(16 * 1024));
    const { answer, error } = await exchange(
      port,
      [
        "POST /webhooks/official-account HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
        ...Array.from({ length: 12 }, () => chunk),
        "0\r\n\r\n",
      ],
      { afterMs: 300, gapMs: 2 },
    );
    expect(error).toBe("");
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });
});
