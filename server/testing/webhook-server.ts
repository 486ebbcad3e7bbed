// LoopDesk's /webhooks/* on a loopback port for a test file: call at the top level; `base()` is its
// URL once the file's tests run.
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { createAppServer } from "../http/app-server";
import { createWebhookHandler } from "../inbound/sources";

export function startWebhookServer(): { base(): string } {
  let app: ReturnType<typeof createAppServer> | undefined;
  let base = "";
  beforeAll(async () => {
    app = createAppServer({ handle: createWebhookHandler(), apiBodyLimitBytes: 1024, trustProxy: false });
    const server = app.server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => app?.drain(1000));
  return { base: () => base };
}
