// LoopDesk's one process: the Next.js console and JSON API, socket.io, webhooks and job workers on
// one port (LOOPDESK_ROLE=web|worker splits them). `npm run demo`, `npm start` and `npm run dev` all
// start here.
import "./heap-settings";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { syncEnvAccounts } from "./channels/accounts/sync-env-accounts";
import { createSecretBox, loadSecretKey, setSecretBox } from "./crypto/secret-box";
import { setDatabase } from "./db/db";
import { startTableMaintenance } from "./db/maintain-tables";
import { configuredDatabase, openDatabase } from "./db/open-database";
import { seedDemo, seedDemoKnowledgeBase, seedDemoTemplates } from "./demo/seed-demo";
import { ConfigError, getConfig } from "./env";
import { memoryReducerOff } from "./heap-settings";
import { createAppServer } from "./http/app-server";
import { handleWebhookRequest } from "./inbound/sources";
import { isWebhookPath } from "./inbound/webhook-router";
import { settleBackgroundWork } from "./jobs/background-work";
import { setJobRunner } from "./jobs/enqueue";
import { startJobRunner } from "./jobs/job-runner";
import { createLogger, setLogLevel } from "./logger";
import { setIo } from "./realtime/io";
import { createRealtimeServer } from "./realtime/realtime-server";
import { bootstrapAdmin } from "./users/bootstrap-admin";

const log = createLogger("main");
const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DRAIN_TIMEOUT_MS = 5_000;

async function start() {
  const began = Date.now();
  const config = getConfig();
  setLogLevel(config.logLevel);
  if (config.isProduction && !memoryReducerOff) {
    log.warn("node was started without --no-memory-reducer (npm start passes it): expect full collections under load");
  }
  setSecretBox(createSecretBox(loadSecretKey({ configured: config.secretKey, dataDir: config.dataDir })));

  const database = await openDatabase(configuredDatabase(config));
  setDatabase(database);
  if (config.demo) await seedDemo();
  await bootstrapAdmin(config.bootstrapAdmin);
  await syncEnvAccounts(config.channels);
  // After the channels: the demo's template messages belong to the demo accounts.
  if (config.demo) {
    await seedDemoTemplates();
    await seedDemoKnowledgeBase({ bot: config.demoBot });
  }

  const jobs = await startJobRunner({ database, work: config.role !== "web" });
  setJobRunner(jobs);
  const maintenance = config.role !== "web" ? startTableMaintenance(database.sql) : undefined;

  let web: { drain(ms: number): Promise<{ cutRequests: number }>; closeRealtime(): Promise<void> } | undefined;
  if (config.role !== "worker") {
    const dev = !config.isProduction;
    const app = next({ dev, dir: PROJECT_DIR, hostname: config.host, port: config.port });
    await app.prepare();
    const handle = app.getRequestHandler();
    const appServer = createAppServer({
      handle: (req, res) =>
        isWebhookPath(new URL(req.url ?? "/", "http://localhost").pathname)
          ? handleWebhookRequest(req, res)
          : handle(req, res),
      apiBodyLimitBytes: config.apiBodyLimitBytes,
      trustProxy: config.trustProxy,
    });
    const realtime = await createRealtimeServer(appServer.server, {
      allowedOrigins: config.allowedOrigins,
      redisUrl: config.redisUrl,
      keepOtherUpgrades: dev,
    });
    setIo(realtime.io, { sharedRooms: realtime.sharedRooms });
    if (dev) {
      const upgrade = app.getUpgradeHandler();
      appServer.server.on("upgrade", (req, socket, head) => {
        if (!req.url?.startsWith("/socket.io/")) void upgrade(req, socket, head);
      });
    }
    await new Promise<void>((resolve) => appServer.server.listen(config.port, config.host, resolve));
    await realtime.presence.reconcile();
    web = { drain: appServer.drain, closeRealtime: realtime.close };
    log.info(
      {
        url: `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${config.port}`,
        database: database.kind,
        ms: Date.now() - began,
      },
      "LoopDesk is ready",
    );
  } else {
    log.info({ database: database.kind, ms: Date.now() - began }, "LoopDesk worker is ready");
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    try {
      if (web) {
        await web.closeRealtime();
        const { cutRequests } = await web.drain(DRAIN_TIMEOUT_MS);
        if (cutRequests > 0) log.warn({ cutRequests }, "requests still running after the drain timeout were cut");
        setIo(undefined);
      }
      // Acknowledged events still being processed: finish them; any left over stay for the sweep.
      if (!(await settleBackgroundWork(DRAIN_TIMEOUT_MS))) log.warn("background work left to the sweep jobs");
      await jobs.stop();
      setJobRunner(undefined);
      await maintenance?.stop();
      await database.close();
      setDatabase(undefined);
      log.info("stopped");
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

start().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    log.fatal({ err: error }, "LoopDesk failed to start");
  }
  process.exit(1);
});
