// npm run bench [-- --quick]
// Drives signed, encrypted Official Account and WeCom kf callbacks at fixed rates through the real
// LoopDesk server (a child process, on DATABASE_URL's PostgreSQL or embedded PGlite) with N agent
// sockets connected, and reports ack and callback→agent latencies, the sustained rate, losses and
// duplicates (10% of callbacks are replayed) as one JSON object, on stdout and in bench-results/.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { DEMO_CORP, DEMO_OFFICIAL_ACCOUNT, DEMO_OPEN_KF_ID, demoChannelEnv } from "../../server/demo/demo-channels";
import { DEMO_PASSWORD } from "../../server/demo/demo-users";
import { setLogLevel } from "../../server/logger";
import { buildPushCallback, textPush } from "../../server/sandbox/official-account/build-push-callback";
import { startSandbox } from "../../server/sandbox/sandbox-server";
import { createSandboxPayPlatform } from "../../server/sandbox/wechatpay/build-notification";
import { runCommerceBench } from "./commerce-bench";
import { measureMachineSpeed } from "./machine-speed";
import { preparePaymentLoad } from "./payment-load";
import { percentiles } from "./percentiles";
import { buildPost, createRawHttpClient } from "./raw-http";
import { watchServerGc } from "./server-gc";
import { prepareDatabase, runWorkspaceBench } from "./workspace-bench";

const quick = process.argv.includes("--quick");
// Standard output carries the report alone: the seeding's own logs (migrations) stay below warn.
setLogLevel("warn");
/** Only the workspace part (seeded history: list, messages, search), skipping the channel load. */
const workspaceOnly = process.argv.includes("--workspace-only");
/** Only the commerce part (a seeded shop: sidebar orders, the 订单 page, tracking lookups). */
const commerceOnly = process.argv.includes("--commerce-only");
/** Only the channel load (with its WeChat Pay notifications). */
const channelsOnly = process.argv.includes("--channels-only");
const PORT = Number(process.env.BENCH_PORT ?? 3300);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 50);
const CUSTOMERS = 200;
/** Share of messages sent as WeCom kf (the rest: Official Account). */
const KF_SHARE = Number(process.env.BENCH_KF_SHARE ?? 0.5);
const REPLAY_SHARE = 0.1;
/** The rates of the stepped part, e.g. `1200,1500` to look at one region (default: the full ladder). */
const RATES = process.env.BENCH_RATES?.split(",").map(Number);
/**
 * Every rate of the ladder runs, not only those up to the first that misses 100 ms: on a machine too
 * slow for the targets, the higher steps' CPU per message still compares two versions of the code.
 */
const ALL_STEPS = Boolean(process.env.BENCH_ALL_STEPS);
/** Steps at the sustained rate after the ladder (a minute in a full run; `BENCH_HOLD_STEPS=0` skips them). */
const HOLD_STEPS = Number(process.env.BENCH_HOLD_STEPS ?? (quick ? 0 : 10));
/** Minutes tried at most, from the ladder's sustained rate down, until one holds. */
const HOLD_TRIES = 3;
/** The quiet pause between the ladder and the steps at the sustained rate. */
const HOLD_PAUSE_MS = 10_000;
const base = `http://127.0.0.1:${PORT}`;

type Sent = { seq: number; sentAt: number; ackMs?: number; status?: number };
const sent = new Map<number, Sent>();
const now = () => performance.timeOrigin + performance.now();
const AGENT_THREADS = 2;
/** Arrival times of the messages of steps not yet summarized, by message number. */
const arrivals = new Map<number, number[]>();
/**
 * Messages some agent heard of, from steps already summarized: their arrival lists (50 per
 * message) are let go. Kept, they grew the load generator's live heap through the run (40 → 75 MB
 * in two minutes; 20 → 33 MB without), and its full garbage collections, every ~10 s and longer as
 * it grew, run on the thread that also plays WeCom for the server's kf pulls.
 */
const heard = new Set<number>();
/** Numbers of summarized steps: late arrivals for them only count as heard. */
let summarizedUpTo = 0;
let seq = 0;

/** The merchant whose notifications the bench sends: WeChat Pay's keys exist only in this process. */
const payPlatform = createSandboxPayPlatform(randomBytes(16).toString("hex"));
const PAY_MCH_ID = "1900009999";
const payEnv = {
  WECHATPAY_MCH_ID: PAY_MCH_ID,
  WECHATPAY_APP_ID: DEMO_OFFICIAL_ACCOUNT.appId,
  WECHATPAY_API_V3_KEY: payPlatform.apiV3Key,
  WECHATPAY_PUBLIC_KEY: payPlatform.publicKeyPem,
  WECHATPAY_PUBLIC_KEY_ID: payPlatform.publicKeyId,
};
/** Notifications a second during the 200 msg/s step. */
const PAYMENTS_PER_S = Number(process.env.BENCH_PAYMENTS_PER_S ?? 100);

function startServer(
  sandboxUrl: string,
  databaseEnv: Record<string, string>,
): { child: ChildProcess; gc: ReturnType<typeof watchServerGc> } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "loopdesk-bench-"));
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir=bench-results/profiles"] : [];
  // Extra flags for the server's node, e.g. `--trace-gc-verbose`; its own output goes to stderr. They
  // come after the server's own (`npm start`'s `--no-memory-reducer`), so `--memory-reducer` undoes it.
  const flags = process.env.BENCH_SERVER_FLAGS?.split(" ").filter(Boolean) ?? [];
  const spawnedAt = performance.now();
  // Always traced: each step reports what the server promoted and the full collections in it.
  const child = spawn(
    process.execPath,
    [...profile, "--trace-gc-nvp", "--no-memory-reducer", ...flags, "--import", "tsx", "server/main.ts"],
    {
      env: {
        ...process.env,
        ...demoChannelEnv(sandboxUrl),
        ...payEnv,
        // Its own fresh database: stored counts read back must not include another run's messages.
        ...databaseEnv,
        NODE_ENV: "production",
        PORT: String(PORT),
        LOOPDESK_DEMO: "1",
        // Customers reach the queue, as these figures have always measured (the bot would answer some).
        LOOPDESK_DEMO_BOT: "0",
        LOOPDESK_DATA_DIR: dataDir,
        LOOPDESK_SECRET_KEY: "YmVuY2gtb25seS1rZXktMzItYnl0ZXMtbG9uZyEhISE=",
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const gc = watchServerGc(child.stdout as NonNullable<typeof child.stdout>, spawnedAt, (line) =>
    process.stderr.write(`${line}\n`),
  );
  return { child, gc };
}

async function waitForHealth() {
  for (let i = 0; i < 900; i += 1) {
    if (
      await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the server did not start");
}

async function signIn(email: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`sign-in failed for ${email}: ${response.status}`);
  return cookie;
}

type AgentPool = { collect(): Promise<void>; close(): void };

/** N agent sockets spread over worker threads; collect() adds the arrival times since the last collect to `arrivals`. */
async function connectAgents(cookies: string[]): Promise<AgentPool> {
  const workers = Array.from({ length: AGENT_THREADS }, (_, index) => {
    const count = Math.floor(AGENTS / AGENT_THREADS) + (index < AGENTS % AGENT_THREADS ? 1 : 0);
    // Workers do not inherit tsx's loader: register it before importing the TypeScript entry.
    const entry = new URL("./agent-worker.ts", import.meta.url).href;
    return new Worker(
      `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`,
      { eval: true, workerData: { base, cookies, count, customers: CUSTOMERS } },
    );
  });
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          worker.once("error", reject);
          worker.on("message", (message: { type: string }) => {
            if (message.type === "ready") resolve();
          });
        }),
    ),
  );
  return {
    async collect() {
      const parts = await Promise.all(
        workers.map(
          (worker) =>
            new Promise<[number, number[]][]>((resolve) => {
              const onMessage = (message: { type: string; arrivals?: [number, number[]][] }) => {
                if (message.type !== "arrivals") return;
                worker.off("message", onMessage);
                resolve(message.arrivals ?? []);
              };
              worker.on("message", onMessage);
              worker.postMessage({ type: "collect" });
            }),
        ),
      );
      for (const part of parts) {
        for (const [number, times] of part) {
          if (number <= summarizedUpTo) {
            heard.add(number);
            continue;
          }
          const list = arrivals.get(number);
          if (list) list.push(...times);
          else arrivals.set(number, times);
        }
      }
    },
    close() {
      for (const worker of workers) worker.postMessage({ type: "close" });
    },
  };
}

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const isKf = (number: number) => number % 100 < KF_SHARE * 100;

/**
 * One customer message's callback, signed and encrypted: an OA push, or WeCom's kf callback (a
 * signal; the message itself is logged at WeCom when it is sent, see `customerWrites`). Built
 * before the step's clock starts, as WeChat builds them on its own machines: the XML, AES and SHA-1
 * of a callback cost the load generator 50–70 µs of CPU, on the cores the measured server runs on.
 */
function buildCallback(sandbox: Sandbox, number: number) {
  const customer = `bench${number % CUSTOMERS}`;
  const kf = isKf(number);
  const { query, body } = kf
    ? sandbox.wecom.buildCallback(DEMO_OPEN_KF_ID)
    : buildPushCallback({
        account: DEMO_OFFICIAL_ACCOUNT,
        fields: textPush(`o${customer}`, `bench ${number}`),
        mode: "safe",
      });
  const url = new URL(`${base}/webhooks/${kf ? "wecom" : "official-account"}?${query}`);
  return { number, customer, kf, request: buildPost(url, "text/xml", body) };
}

/** Logs a kf customer's message at WeCom (which opens their session); the callback then signals it. */
async function customerWrites(sandbox: Sandbox, callback: ReturnType<typeof buildCallback>) {
  if (!callback.kf) return;
  await sandbox.wecom.customerSends({
    openKfId: DEMO_OPEN_KF_ID,
    externalUserId: `wm${callback.customer}`,
    text: `bench ${callback.number}`,
    deliver: false,
  });
}

const webhooks = createRawHttpClient(new URL(base), 256);

/** Sends a callback; resolves with its status and how long the answer took. */
async function post(request: Buffer): Promise<{ status: number; ms: number }> {
  const began = performance.now();
  const { status } = await webhooks.send(request);
  return { status, ms: performance.now() - began };
}

type PreparedStep = { rate: number; callbacks: ReturnType<typeof buildCallback>[] };

/** The callbacks of `seconds` at `rate` messages a second, built before the step's clock starts. */
function prepareStep(sandbox: Sandbox, rate: number, seconds: number): PreparedStep {
  const callbacks = Array.from({ length: Math.round(rate * seconds) }, () => {
    seq += 1;
    return buildCallback(sandbox, seq);
  });
  return { rate, callbacks };
}

/** Sends a prepared step's callbacks at its rate; returns the sequence numbers sent. */
async function runStep(sandbox: Sandbox, { rate, callbacks }: PreparedStep) {
  const numbers: number[] = [];
  const replays: Promise<unknown>[] = [];
  const inFlight: Promise<unknown>[] = [];
  const total = callbacks.length;
  const began = performance.now();
  let lastSentAt = began;
  for (const [i, callback] of callbacks.entries()) {
    const due = began + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const { number } = callback;
    numbers.push(number);
    await customerWrites(sandbox, callback);
    const record: Sent = { seq: number, sentAt: now() };
    sent.set(number, record);
    lastSentAt = performance.now();
    inFlight.push(
      post(callback.request).then(({ status, ms }) => {
        record.ackMs = ms;
        record.status = status;
        // WeChat's retries resend the identical body: some callbacks arrive twice.
        if (Math.random() < REPLAY_SHARE) replays.push(post(callback.request));
      }),
    );
  }
  // The rate offered is what the load generator kept up while sending (each message owns a slot of
  // 1/rate); how fast the server answered shows in the latencies, not here.
  const achievedRate = total / ((lastSentAt - began + 1000 / rate) / 1000);
  await Promise.all(inFlight);
  await Promise.all(replays);
  return { numbers, achievedRate };
}

async function settle(agents: AgentPool, numbers: number[], timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    await agents.collect();
    const done = numbers.every((n) => (arrivals.get(n)?.length ?? 0) >= AGENTS);
    if (done || performance.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function summarize(numbers: number[]) {
  const acks = numbers.map((n) => sent.get(n)?.ackMs ?? Number.NaN).filter((ms) => !Number.isNaN(ms));
  const delivers: number[] = [];
  let lost = 0;
  for (const n of numbers) {
    const times = arrivals.get(n) ?? [];
    const start = sent.get(n)?.sentAt ?? 0;
    if (times.length === 0) lost += 1;
    for (const time of times) delivers.push(time - start);
  }
  return {
    ack: percentiles(acks, [50, 95, 99]),
    deliver: percentiles(delivers, [50, 95, 99]),
    lost,
    failedAcks: numbers.filter((n) => sent.get(n)?.status !== 200).length,
  };
}

/** Lets a summarized step's arrival lists go, remembering which of its messages were heard. */
function release(numbers: number[]) {
  for (const n of numbers) {
    if (arrivals.get(n)?.length) heard.add(n);
    arrivals.delete(n);
    summarizedUpTo = Math.max(summarizedUpTo, n);
  }
}

/** Over the whole run: messages no agent heard of, and callbacks not answered 200. */
function runTotals() {
  const numbers = [...sent.keys()];
  return {
    lost: numbers.filter((n) => !heard.has(n) && !arrivals.get(n)?.length).length,
    failedAcks: numbers.filter((n) => sent.get(n)?.status !== 200).length,
  };
}

/** Width of the timeline's buckets: `BENCH_TIMELINE=1` gives half seconds, `BENCH_TIMELINE=100` 100 ms. */
const TIMELINE_MS = Number(process.env.BENCH_TIMELINE) > 1 ? Number(process.env.BENCH_TIMELINE) : 500;

/**
 * Deliver p50 / p95 / max per bucket of a step (stderr), p95 by channel, callbacks sent, and their ack
 * p50 / max: shows whether the tail is a burst or spread out, where, and whether the load generator
 * kept its rate and the server its acknowledgements through it.
 */
function printTimeline(numbers: number[]) {
  const start = sent.get(numbers[0] ?? 0)?.sentAt ?? 0;
  const buckets = new Map<number, { all: number[]; oa: number[]; kf: number[]; sent: number; acks: number[] }>();
  for (const n of numbers) {
    const record = sent.get(n);
    if (!record) continue;
    const bucket = Math.floor((record.sentAt - start) / TIMELINE_MS);
    const lists = buckets.get(bucket) ?? { all: [], oa: [], kf: [], sent: 0, acks: [] };
    lists.sent += 1;
    if (record.ackMs !== undefined) lists.acks.push(record.ackMs);
    for (const time of arrivals.get(n) ?? []) {
      lists.all.push(time - record.sentAt);
      (isKf(n) ? lists.kf : lists.oa).push(time - record.sentAt);
    }
    buckets.set(bucket, lists);
  }
  const p95 = (list: number[]) => percentiles(list, [95]).p95?.toFixed(1);
  for (const [bucket, lists] of [...buckets.entries()].sort(([a], [b]) => a - b)) {
    const p = percentiles(lists.all, [50, 95]);
    const ack = percentiles(lists.acks, [50]);
    process.stderr.write(
      `t=${((bucket * TIMELINE_MS) / 1000).toFixed(1)}s p50=${p.p50?.toFixed(1)} p95=${p.p95?.toFixed(1)} max=${Math.max(...lists.all).toFixed(1)} oa_p95=${p95(lists.oa)} kf_p95=${p95(lists.kf)} sent=${lists.sent} ack_p50=${ack.p50?.toFixed(1)} ack_max=${Math.max(...lists.acks).toFixed(1)}\n`,
    );
  }
}

/**
 * CPU time used so far (ms) by the server, the load generator and PostgreSQL, read from /proc:
 * unlike latencies, CPU per message barely moves with what else the shared machine is doing.
 * PostgreSQL counts only when it runs on this machine; the report leaves out what cannot be read.
 */
function cpuTimes(serverPid: number | undefined) {
  const usage = (pid: string) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // User plus system time, in Linux's USER_HZ (hundredths of a second).
      const ms = (Number(fields[11]) + Number(fields[12])) * 10;
      return { name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), ms };
    } catch {
      return undefined;
    }
  };
  // The pool keeps its connections, so the same backends are summed before and after a step.
  let postgres: number | undefined;
  try {
    for (const pid of fs.readdirSync("/proc")) {
      const stat = /^\d+$/.test(pid) ? usage(pid) : undefined;
      if (stat?.name === "postgres") postgres = (postgres ?? 0) + stat.ms;
    }
  } catch {}
  const own = process.cpuUsage();
  return {
    server: serverPid === undefined ? undefined : usage(String(serverPid))?.ms,
    loadGenerator: (own.user + own.system) / 1000,
    postgres,
  };
}

type CpuTimes = ReturnType<typeof cpuTimes>;

/** CPU milliseconds per message sent between two readings, by process. */
function cpuPerMessage(before: CpuTimes, after: CpuTimes, messages: number) {
  const per = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined || messages === 0 ? null : Math.round(((b - a) / messages) * 1000) / 1000;
  return {
    server: per(before.server, after.server),
    load_generator: per(before.loadGenerator, after.loadGenerator),
    postgres: per(before.postgres, after.postgres),
  };
}

/** Counts every bench message stored, through the API: a message stored twice would show here. */
async function countStored(cookie: string) {
  const texts: string[] = [];
  let after: string | null = null;
  do {
    const list = (await (
      await fetch(`${base}/api/conversations?limit=100${after ? `&after=${encodeURIComponent(after)}` : ""}`, {
        headers: { cookie },
      })
    ).json()) as { items: { id: string }[]; next: string | null };
    for (const conversation of list.items) {
      let before: string | null = null;
      do {
        const page = (await (
          await fetch(
            `${base}/api/conversations/${conversation.id}/messages?limit=100${before ? `&before=${encodeURIComponent(before)}` : ""}`,
            { headers: { cookie } },
          )
        ).json()) as { items: { text: string | null }[]; before: string | null };
        texts.push(...page.items.map((item) => item.text ?? "").filter((text) => text.startsWith("bench ")));
        before = page.before;
      } while (before);
    }
    after = list.next;
  } while (after);
  return { stored: texts.length, distinct: new Set(texts).size };
}

function writeReport(report: Record<string, unknown> & { when: string }) {
  const json = JSON.stringify(report, null, 2);
  fs.mkdirSync("bench-results", { recursive: true });
  fs.writeFileSync(path.join("bench-results", `bench-${report.when.replace(/[:.]/g, "-")}.json`), json);
  process.stdout.write(`${json}\n`);
}

type MachineSpeed = Awaited<ReturnType<typeof measureMachineSpeed>>;

function machine(speed: { before: MachineSpeed; after: MachineSpeed }) {
  return {
    when: new Date().toISOString(),
    mode: quick ? "quick" : "full",
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model ?? "unknown",
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    // Lower is faster. Compare runs by these before comparing their latencies: the same machine has
    // been seen to change speed by two times within an hour, hence a reading before and after.
    machine_speed: speed,
  };
}

/** A part of the bench that failed is reported as its error; the other parts' figures stay. */
async function reportPart<T>(name: string, run: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await run();
  } catch (error) {
    process.stderr.write(`bench part ${name} failed: ${String((error as Error).stack ?? error)}\n`);
    return { error: String((error as Error).message ?? error) };
  }
}

/** The inbound load on the WeChat sandbox: acks, delivery to agents, the ladder, the held minute, stored counts. */
async function runChannelBench() {
  // The Official Account is registered too: LoopDesk asks it for each new follower's unionid.
  const sandbox = await startSandbox({ corp: DEMO_CORP, apps: [DEMO_OFFICIAL_ACCOUNT], openKfId: DEMO_OPEN_KF_ID });
  const target = await prepareDatabase();
  const { child: server, gc } = startServer(sandbox.url, target.env);
  const stop = () => server.kill("SIGTERM");
  process.on("exit", stop);
  try {
    await waitForHealth();
    const database = ((await (await fetch(`${base}/api/health`)).json()) as { database: { kind: string } }).database
      .kind;
    const cookies = await Promise.all(
      ["agent1@loopdesk.demo", "agent2@loopdesk.demo", "supervisor@loopdesk.demo"].map(signIn),
    );
    const agents = await connectAgents(cookies);
    // Warm up: first conversations, JIT, connection pools.
    const warmUp = await runStep(sandbox, prepareStep(sandbox, 100, CUSTOMERS / 100));
    await settle(agents, warmUp.numbers, 10_000);
    release(warmUp.numbers);
    // The first contacts' follow-up work (kf session claims, assignments, timeline events) runs in the
    // background for a few seconds more: the 200 msg/s step measures the steady state after it.
    await new Promise((resolve) => setTimeout(resolve, 5_000));

    const seconds200 = quick ? 5 : 15;
    const prepared200 = prepareStep(sandbox, 200, seconds200);
    // WeChat Pay notifies payments at 100/s during the same seconds (the orders are made first).
    const payments = await preparePaymentLoad({
      base,
      adminCookie: await signIn("admin@loopdesk.demo"),
      supervisorCookie: cookies[2] ?? "",
      platform: payPlatform,
      mchId: PAY_MCH_ID,
      appId: DEMO_OFFICIAL_ACCOUNT.appId,
      oaAppId: DEMO_OFFICIAL_ACCOUNT.appId,
      // The Official Account's bench customers, who chat (the others write on WeCom kf).
      chattingOpenIds: Array.from({ length: CUSTOMERS }, (_, i) => i)
        .filter((i) => !isKf(i))
        .map((i) => `obench${i}`),
      rate: PAYMENTS_PER_S,
      seconds: seconds200,
    });
    const cpuBefore200 = cpuTimes(server.pid);
    const from200 = performance.now();
    const [fixed] = await Promise.all([runStep(sandbox, prepared200), payments.run()]);
    await settle(agents, fixed.numbers, 15_000);
    const gcAt200 = gc.between(from200, performance.now());
    const cpuAt200 = cpuPerMessage(cpuBefore200, cpuTimes(server.pid), fixed.numbers.length);
    const at200 = summarize(fixed.numbers);
    const paymentsAt200 = await payments.result();
    const at200ByChannel = {
      official_account: summarize(fixed.numbers.filter((n) => !isKf(n))).deliver,
      wecom_kf: summarize(fixed.numbers.filter(isKf)).deliver,
    };
    if (process.env.BENCH_TIMELINE) printTimeline(fixed.numbers);
    release(fixed.numbers);

    type Step = {
      rate: number;
      achieved: number;
      ack_p99_ms: number;
      deliver_p99_ms: number;
      lost: number;
      cpu_ms_per_msg: ReturnType<typeof cpuPerMessage>;
      server_gc: ReturnType<typeof gc.between>;
      /** The load generator offered the rate and every message reached the agents within 100 ms at p99. */
      ok: boolean;
    };
    const measuredStep = async (rate: number, seconds: number): Promise<Step> => {
      const prepared = prepareStep(sandbox, rate, seconds);
      const cpuBefore = cpuTimes(server.pid);
      const from = performance.now();
      const step = await runStep(sandbox, prepared);
      await settle(agents, step.numbers, 20_000);
      const serverGc = gc.between(from, performance.now());
      const cpu = cpuPerMessage(cpuBefore, cpuTimes(server.pid), step.numbers.length);
      const result = summarize(step.numbers);
      if (process.env.BENCH_TIMELINE) {
        // The wall-clock start, to line a burst up with the server's log or PostgreSQL's.
        const from = new Date(sent.get(step.numbers[0] ?? 0)?.sentAt ?? 0).toISOString();
        process.stderr.write(`-- ${rate} msg/s from ${from}\n`);
        printTimeline(step.numbers);
      }
      release(step.numbers);
      return {
        rate,
        achieved: Math.round(step.achievedRate),
        ack_p99_ms: result.ack.p99 ?? Number.NaN,
        deliver_p99_ms: result.deliver.p99 ?? Number.NaN,
        lost: result.lost,
        cpu_ms_per_msg: cpu,
        server_gc: serverGc,
        // To 1% of the rate: a timer firing a millisecond late must not turn 1,500 into 1,499.
        ok: (result.deliver.p99 ?? Infinity) <= 100 && result.lost === 0 && step.achievedRate >= rate * 0.99,
      };
    };

    const steps: Step[] = [];
    for (const rate of RATES ?? (quick ? [400, 800, 1500, 2000] : [400, 800, 1200, 1500, 2000, 2500, 3000])) {
      const step = await measuredStep(rate, quick ? 3 : 6);
      steps.push(step);
      if (!step.ok && !ALL_STEPS) break;
    }
    // Only the steps before the first miss count (with BENCH_ALL_STEPS, a later one may pass by luck).
    const firstMiss = steps.findIndex((step) => !step.ok);
    const passedRates = steps.slice(0, firstMiss === -1 ? steps.length : firstMiss).map((step) => step.rate);
    const sustained = passedRates.at(-1) ?? 0;

    // The ladder spends a few seconds at each rate; "sustained" should also mean for a minute. The
    // sustained rate again, in steps of the ladder's length back to back, each judged the same way:
    // what only shows after a while (the first full garbage collection under load, a table's
    // autovacuum) fails a step here. If one does, the ladder's rate below it gets its minute too,
    // and the one below that, at most HOLD_TRIES minutes: a ladder can pass a rate for six seconds
    // that the machine cannot keep up for sixty, and the rate that did hold is the figure worth
    // having (with two tries, a ladder that reached 2,500 msg/s never had a minute at 1,500).
    // Each minute starts from a settled state, like the 200 msg/s step: the ladder's last step
    // overloaded the server on purpose, and what that leaves (a backlog's dead rows, promoted
    // garbage) is not the sustained rate's doing: in one run the first two held steps after a
    // 2,000 msg/s step missed 100 ms (p99 118 and 108 ms) and the eight after them passed.
    const holdRates = HOLD_STEPS > 0 ? [...new Set(passedRates)].sort((a, b) => b - a).slice(0, HOLD_TRIES) : [];
    const holds: { rate: number; steps: Step[] }[] = [];
    for (const rate of holdRates) {
      await new Promise((resolve) => setTimeout(resolve, HOLD_PAUSE_MS));
      const holdSteps: Step[] = [];
      for (let i = 0; i < HOLD_STEPS; i += 1) holdSteps.push(await measuredStep(rate, quick ? 3 : 6));
      holds.push({ rate, steps: holdSteps });
      if (holdSteps.every((step) => step.ok)) break;
    }
    /** A minute at one rate, step by step. */
    const heldMinute = ({ rate, steps }: { rate: number; steps: Step[] }) => ({
      rate,
      seconds: steps.length * (quick ? 3 : 6),
      steps_passed: steps.filter((step) => step.ok).length,
      steps: steps.length,
      worst_deliver_p99_ms: Math.max(0, ...steps.map((step) => step.deliver_p99_ms)),
      // In order: a failure that comes back at a regular interval is a periodic cost (full GCs).
      deliver_p99_ms_by_step: steps.map((step) => step.deliver_p99_ms),
      // Each with the index of its step in deliver_p99_ms_by_step.
      full_collections: steps.flatMap((step, index) =>
        step.server_gc.full_collections.map((collection) => ({ step: index, ...collection })),
      ),
      promoted_kb_per_s: Math.round(
        steps.reduce((sum, step) => sum + step.server_gc.promoted_kb_per_s, 0) / Math.max(1, steps.length),
      ),
    });
    const held = holds.at(-1) ?? { rate: 0, steps: [] };
    const failedMinutes = holds.slice(0, -1);

    await agents.collect();
    agents.close();
    webhooks.close();
    const all = runTotals();
    const stored = await countStored(cookies[2] ?? "");
    const report = {
      database,
      agents: AGENTS,
      channels: `${Math.round((1 - KF_SHARE) * 100)}% Official Account (safe mode), ${Math.round(KF_SHARE * 100)}% WeCom kf (callback + sync_msg)`,
      replay_share: REPLAY_SHARE,
      ack_p50_ms: at200.ack.p50,
      ack_p95_ms: at200.ack.p95,
      ack_p99_ms: at200.ack.p99,
      deliver_p50_ms: at200.deliver.p50,
      deliver_p95_ms: at200.deliver.p95,
      deliver_p99_ms: at200.deliver.p99,
      // CPU per message at 200 msg/s (replays and the agents' socket frames included), by process.
      cpu_ms_per_msg_200: cpuAt200,
      // What the server promoted to its old generation at 200 msg/s, and its full collections then.
      server_gc_200: gcAt200,
      // The same step by channel: an OA push is ingested from the callback itself, a kf message
      // after LoopDesk has pulled it from WeCom (one more round trip).
      deliver_by_channel_200: at200ByChannel,
      // WeChat Pay notifications during the same step (CPU per message above includes them).
      payments_200: paymentsAt200,
      sustained_msgs_per_s: sustained,
      steps: steps.map(({ ok: _ok, ...step }) => step),
      held: {
        // The last minute run: at the ladder's sustained rate, or a rate below it if that failed.
        ...heldMinute(held),
        after_pause_s: held.steps.length > 0 ? HOLD_PAUSE_MS / 1000 : 0,
        // The minutes that failed before it, from the ladder's sustained rate down.
        ...(failedMinutes.length > 0 ? { failed: failedMinutes.map(heldMinute) } : {}),
      },
      messages_sent: sent.size,
      messages_stored: stored.stored,
      // Stored state, read back through the API: messages never stored, and messages stored twice.
      lost: sent.size - stored.distinct,
      duplicated: stored.stored - stored.distinct,
      // What the agents' sockets saw: messages no agent heard of. (Each agent counts a message once,
      // when its row first arrives; a message stored twice shows in `duplicated` above.)
      events_lost: all.lost,
      failed_acks: all.failedAcks,
    };
    return report;
  } finally {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      stop();
      await exited;
    }
    await sandbox.close();
    await target.cleanup();
  }
}

async function main() {
  const speedBefore = await measureMachineSpeed(process.env.DATABASE_URL);
  // The workspace part runs on its own seeded database, after the channel load has stopped.
  const channels = workspaceOnly || commerceOnly ? {} : await reportPart("channels", runChannelBench);
  const workspace =
    commerceOnly || channelsOnly
      ? undefined
      : await reportPart("workspace", () => runWorkspaceBench({ quick, port: PORT + 10 }));
  const commerce =
    workspaceOnly || channelsOnly
      ? undefined
      : await reportPart("commerce", () => runCommerceBench({ quick, port: PORT + 20 }));
  const after = await measureMachineSpeed(process.env.DATABASE_URL);
  writeReport({
    ...machine({ before: speedBefore, after }),
    ...("error" in channels ? { channels } : channels),
    workspace,
    commerce,
  });
  process.exit(0);
}

await main();
