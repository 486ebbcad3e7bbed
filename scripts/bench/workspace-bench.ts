// The agent workspace under a big history: seeds conversations and messages straight into a fresh
// database (set-based SQL, search words cut by jieba as in production), starts LoopDesk on it, and
// measures the inbox list, a conversation's message pages and search through the HTTP API.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { configuredDatabase, openDatabase } from "../../server/db/open-database";
import { DEMO_PASSWORD } from "../../server/demo/demo-users";
import { searchTextOf } from "../../server/search/tokenize";
import { percentiles } from "./percentiles";

const MESSAGES_PER_CONVERSATION = 20;
const CHUNK = 5_000;

const PHRASES = [
  "你好，请问我的快递到哪了？已经三天没有更新物流了",
  "这款面霜适合敏感肌吗？有没有试用装",
  "我要退款，收到的杯子盖子是坏的",
  "转人工",
  "优惠券怎么用？下单的时候没有看到",
  "发票可以开公司抬头吗",
  "亲，您的订单已经发货了，请注意查收",
  "好的，谢谢，那我再等等",
  "尺码偏大还是偏小？我平时穿M码",
  "为什么显示已签收但是我没收到",
  "能不能改一下收货地址，写错了",
  "会员积分怎么兑换礼品",
];

export type WorkspaceBenchResult = {
  seeded_conversations: number;
  seeded_messages: number;
  seed_seconds: number;
  list_p50_ms: number | undefined;
  list_p95_ms: number | undefined;
  messages_p50_ms: number | undefined;
  messages_p95_ms: number | undefined;
  search_p50_ms: number | undefined;
  search_p95_ms: number | undefined;
};

export type BenchTarget = { env: Record<string, string>; url?: string; dataDir?: string; cleanup(): Promise<void> };

/** A fresh database for a seeded part: a new PostgreSQL database under DATABASE_URL, else PGlite. */
export async function prepareDatabase(): Promise<BenchTarget> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "loopdesk-bench-ws-"));
    return {
      dataDir,
      env: { LOOPDESK_DATA_DIR: dataDir },
      cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `loopdesk_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    env: { DATABASE_URL: url.toString() },
    cleanup: async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/** The database the server will open for this target: the same place, whichever kind. */
export function targetDatabase(target: { url?: string; dataDir?: string }, poolSize: number) {
  return openDatabase(
    configuredDatabase({ databaseUrl: target.url, databasePoolSize: poolSize, dataDir: target.dataDir ?? "" }),
  );
}

async function seed(target: { url?: string; dataDir?: string }, conversations: number): Promise<void> {
  const database = await targetDatabase(target, 2);
  try {
    const texts = PHRASES;
    const words = PHRASES.map((phrase) => searchTextOf(phrase) ?? "");
    await database.sql.query(
      `INSERT INTO "ChannelAccount" (id, kind, name, "appId", "updatedAt") VALUES ('bench-oa', 'OFFICIAL_ACCOUNT', '压测公众号', 'wxbenchseed000001', now())`,
    );
    for (let start = 1; start <= conversations; start += CHUNK) {
      const end = Math.min(conversations, start + CHUNK - 1);
      await database.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO "Customer" (id, name, "createdAt", "updatedAt", "lastSeenAt")
           SELECT 'bc' || g, '客户' || g, now(), now(), now() - (g % 7776000) * interval '1 second'
           FROM generate_series($1::int, $2::int) g`,
          [start, end],
        );
        // 60% resolved, 20% open, 15% queued, 5% snoozed; activity spread over 90 days.
        await tx.query(
          `INSERT INTO "Conversation" (id, "customerId", "channelAccountId", status, "activeKey", "lastActivityAt",
             "waitingSince", "queuedAt", "lastMessagePreview", "createdAt", "updatedAt")
           SELECT 'bv' || g, 'bc' || g, 'bench-oa', s.status::"ConversationStatus",
             CASE WHEN s.status = 'RESOLVED' THEN NULL ELSE 'bench-oa:bc' || g END,
             now() - (g * 7919 % 7776000) * interval '1 second',
             CASE WHEN s.status = 'QUEUED' THEN now() - (g % 3600) * interval '1 second' END,
             CASE WHEN s.status = 'QUEUED' THEN now() - (g % 3600) * interval '1 second' END,
             ($3::text[])[1 + g % array_length($3::text[], 1)], now(), now()
           FROM generate_series($1::int, $2::int) g
           CROSS JOIN LATERAL (SELECT CASE WHEN g % 20 < 12 THEN 'RESOLVED' WHEN g % 20 < 16 THEN 'OPEN'
                                           WHEN g % 20 < 19 THEN 'QUEUED' ELSE 'SNOOZED' END AS status) s`,
          [start, end, texts],
        );
        // Every conversation's first message names an order number: a rare term to search for.
        await tx.query(
          `INSERT INTO "Message" (id, "conversationId", "channelAccountId", direction, "senderKind", type, body, text,
             "searchText", "sentAt", "createdAt", "updatedAt")
           SELECT 'bm' || g || '_' || k, 'bv' || g, 'bench-oa',
             CASE WHEN k % 2 = 0 THEN 'OUTBOUND' ELSE 'INBOUND' END::"MessageDirection",
             CASE WHEN k % 2 = 0 THEN 'AGENT' ELSE 'CUSTOMER' END::"SenderKind", 'TEXT',
             jsonb_build_object('type', 'TEXT', 'text', t.text), t.text, t.words,
             now() - (g * 7919 % 7776000) * interval '1 second' - (${MESSAGES_PER_CONVERSATION} - k) * interval '1 minute',
             now(), now()
           FROM generate_series($1::int, $2::int) g
           CROSS JOIN generate_series(1, ${MESSAGES_PER_CONVERSATION}) k
           CROSS JOIN LATERAL (
             SELECT CASE WHEN k = 1 THEN '订单号 LD' || g || ' 还没有发货' ELSE ($3::text[])[1 + (g + k) % array_length($3::text[], 1)] END AS text,
                    CASE WHEN k = 1 THEN '订单 单号 订单号 ld' || g || ' 还 没有 发货' ELSE ($4::text[])[1 + (g + k) % array_length($4::text[], 1)] END AS words
           ) t`,
          [start, end, texts, words],
        );
      });
    }
    await database.sql.exec(`ANALYZE "Conversation"; ANALYZE "Message"; ANALYZE "Customer";`);
  } finally {
    await database.close();
  }
}

function startServer(port: number, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--no-memory-reducer", "--import", "tsx", "server/main.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: "",
      ...env,
      NODE_ENV: "production",
      PORT: String(port),
      LOOPDESK_DEMO: "1",
      // Customers reach the queue, as these figures have always measured (the bot would answer some).
      LOOPDESK_DEMO_BOT: "0",
      LOOPDESK_SECRET_KEY: "YmVuY2gtb25seS1rZXktMzItYnl0ZXMtbG9uZyEhISE=",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

export async function timed(base: string, cookie: string, url: string): Promise<number> {
  const began = performance.now();
  const response = await fetch(`${base}${url}`, { headers: { cookie } });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return performance.now() - began;
}

/** Waits for the server to answer, then signs in as the demo supervisor; returns the session cookie. */
async function signedInSupervisor(base: string): Promise<string> {
  for (let i = 0; i < 900; i += 1) {
    if (
      await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const signIn = await fetch(`${base}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "supervisor@loopdesk.demo", password: DEMO_PASSWORD }),
  });
  return signIn.headers.get("set-cookie")?.split(";")[0] ?? "";
}

/** Stops the server, then drops the seeded database (BENCH_KEEP_DB=1 keeps it for EXPLAIN). */
async function stopAndClean(server: ChildProcess | undefined, target: BenchTarget): Promise<void> {
  if (server) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  if (process.env.BENCH_KEEP_DB) process.stderr.write(`kept: ${target.url ?? target.dataDir}\n`);
  else await target.cleanup();
}

/**
 * A seeded part of the bench: a fresh database, migrated first (so the seed writes the final
 * schema), seeded (timed), LoopDesk started on it and signed in as the supervisor, measured, then
 * stopped and dropped.
 */
export async function runSeededPart<T>(
  port: number,
  seed: (target: BenchTarget) => Promise<void>,
  measure: (base: string, cookie: string, target: BenchTarget) => Promise<T>,
): Promise<{ seed_seconds: number } & T> {
  const target = await prepareDatabase();
  const base = `http://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  try {
    const migrated = await targetDatabase(target, 1);
    await migrated.close();
    const seedStarted = performance.now();
    await seed(target);
    const seedSeconds = Math.round((performance.now() - seedStarted) / 1000);
    server = startServer(port, target.env);
    const cookie = await signedInSupervisor(base);
    return { seed_seconds: seedSeconds, ...(await measure(base, cookie, target)) };
  } finally {
    await stopAndClean(server, target);
  }
}

/** A keyset listing's first page, then the page after it (a deeper page costs what the first does). */
export async function timedPages(base: string, cookie: string, first: string): Promise<number[]> {
  const times = [await timed(base, cookie, first)];
  const page = (await (await fetch(`${base}${first}`, { headers: { cookie } })).json()) as { next: string | null };
  if (page.next) times.push(await timed(base, cookie, `${first}&after=${encodeURIComponent(page.next)}`));
  return times;
}

export async function runWorkspaceBench(options: { quick: boolean; port: number }): Promise<WorkspaceBenchResult> {
  const conversations = options.quick ? 10_000 : 100_000;
  return runSeededPart(
    options.port,
    (target) => seed(target, conversations),
    async (base, cookie) => {
      const rounds = options.quick ? 60 : 200;
      const pick = () => 1 + Math.floor(Math.random() * conversations);

      const list: number[] = [];
      for (let i = 0; i < rounds; i += 1) {
        const views = [
          "view=all&sort=activity",
          "view=queue&sort=waiting",
          "view=all&status=OPEN&channel=OFFICIAL_ACCOUNT",
        ];
        list.push(...(await timedPages(base, cookie, `/api/conversations?${views[i % views.length]}&limit=50`)));
      }
      const messages: number[] = [];
      for (let i = 0; i < rounds; i += 1) {
        const url = `/api/conversations/bv${pick()}/messages?limit=50`;
        messages.push(await timed(base, cookie, url));
      }
      const search: number[] = [];
      for (let i = 0; i < rounds; i += 1) {
        const queries = [`LD${pick()}`, "快递到哪了", "面霜 敏感肌", `客户${pick()}`, "杯子盖子坏"];
        search.push(
          await timed(base, cookie, `/api/search?q=${encodeURIComponent(queries[i % queries.length] ?? "")}`),
        );
      }
      const l = percentiles(list, [50, 95]);
      const m = percentiles(messages, [50, 95]);
      const s = percentiles(search, [50, 95]);
      return {
        seeded_conversations: conversations,
        seeded_messages: conversations * MESSAGES_PER_CONVERSATION,
        list_p50_ms: l.p50,
        list_p95_ms: l.p95,
        messages_p50_ms: m.p50,
        messages_p95_ms: m.p95,
        search_p50_ms: s.p50,
        search_p95_ms: s.p95,
      };
    },
  );
}
