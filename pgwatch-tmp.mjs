import pg from "pg";
const db = process.argv[2];
const c = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1/${db}` });
await c.connect();
for (;;) {
  const { rows } = await c.query(`select pid, state, wait_event_type, wait_event, now() - query_start as qage, left(regexp_replace(query, '\\s+', ' ', 'g'), 60) as q from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and state <> 'idle' and now() - query_start > interval '60 ms'`, [db]);
  for (const r of rows) console.log(new Date().toISOString(), r.pid, r.state, r.wait_event_type, r.wait_event, r.qage?.milliseconds ?? JSON.stringify(r.qage), r.q);
  await new Promise((r) => setTimeout(r, 40));
}
