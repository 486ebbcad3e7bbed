// How fast this machine is, measured the same way on every run before the server starts, so that
// two reports can be told apart by machine rather than by code. Machines called "2 cores" here have
// differed by three to five times in a PostgreSQL round trip's cost, and the bench's latencies with them.
import { createHash } from "node:crypto";
import pg from "pg";

/** Milliseconds for a fixed piece of work like the server's own: JSON, hashing, small objects. */
function jsWorkMs(): number {
  const row = {
    id: "cm3k2x9f00001abcd1234efgh",
    customer: { id: "cm3k2x9f00002abcd1234efgh", name: "微信用户 1234", tags: ["vip", "复购"] },
    lastMessagePreview: "我的快递到哪了？已经三天没有更新了",
    status: "QUEUED",
    replyWindow: { kind: "CUSTOMER_MESSAGE", expiresAt: "2026-11-30T10:00:00.000Z", remaining: 5 },
    unread: 3,
  };
  const payload = Buffer.alloc(1024, 7);
  const began = performance.now();
  let sink = 0;
  for (let i = 0; i < 20_000; i += 1) {
    const copy = JSON.parse(JSON.stringify({ ...row, unread: i }));
    sink += copy.unread + createHash("sha1").update(payload).digest()[0];
  }
  if (sink < 0) throw new Error("unreachable");
  return Math.round(performance.now() - began);
}

/** A one-row named query's round trip to PostgreSQL: wall time, and this process's CPU time. */
async function pgRoundTrip(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const query = { name: "bench_machine_speed", text: "SELECT $1::int AS n", values: [1] };
    for (let i = 0; i < 500; i += 1) await client.query(query);
    const count = 3000;
    const cpu = process.cpuUsage();
    const began = performance.now();
    for (let i = 0; i < count; i += 1) await client.query(query);
    const used = process.cpuUsage(cpu);
    return {
      pg_round_trip_us: Math.round(((performance.now() - began) / count) * 1000),
      pg_round_trip_cpu_us: Math.round((used.user + used.system) / count),
    };
  } finally {
    await client.end();
  }
}

export async function measureMachineSpeed(databaseUrl: string | undefined) {
  // The best of three: a slower run is the machine busy with something else, not its speed.
  const js = Math.min(jsWorkMs(), jsWorkMs(), jsWorkMs());
  const database = databaseUrl
    ? await pgRoundTrip(databaseUrl)
    : { pg_round_trip_us: null, pg_round_trip_cpu_us: null };
  return { js_work_ms: js, ...database };
}
