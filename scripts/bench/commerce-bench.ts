// Orders beside the chat under a big shop: seeds customers, orders with their items, payments,
// parcels and tracking events straight into a fresh database (set-based SQL), starts LoopDesk on it,
// and measures the customer sidebar's orders, the 订单 page under each filter, and finding an order
// by its tracking number, through the HTTP API; then the anomaly scan over all of it, the 异常 queue
// with 100,000 open anomalies, and detection from an event to a supervisor's screen.
import { DEMO_PASSWORD } from "../../server/demo/demo-users";
import { connectAgentSocket } from "./agent-socket";
import { percentiles } from "./percentiles";
import { type BenchTarget, runSeededPart, targetDatabase, timed, timedPages } from "./workspace-bench";

const CHUNK = 50_000;
const ORDERS_PER_CUSTOMER = 5;
const EVENTS_PER_PARCEL = 10;
/** Customers who also chat (the sidebar is read for them). */
const CHATTING_CUSTOMERS = 20_000;
/** Open anomalies already in the queue when the bench starts. */
const OPEN_ANOMALIES = 100_000;

export type CommerceBenchResult = {
  seeded_orders: number;
  seeded_shipments: number;
  seeded_tracking_events: number;
  seed_seconds: number;
  sidebar_p50_ms: number | undefined;
  sidebar_p95_ms: number | undefined;
  orders_page_p50_ms: number | undefined;
  orders_page_p95_ms: number | undefined;
  /** p95 of the 订单 page by filter: each must stay within the page's target. */
  orders_page_p95_by_filter_ms: Record<string, number | undefined>;
  tracking_lookup_p50_ms: number | undefined;
  tracking_lookup_p95_ms: number | undefined;
  /** The first anomaly pass over the seeded shop, opening everything it finds, and what it opened. */
  anomaly_scan_first_ms: number;
  anomaly_scan_first_opened: number;
  /** A full pass once the anomalies are open (the hourly one; target 2 s). */
  anomaly_scan_full_ms: number;
  /** Where the full pass spends its time, by rule (and "recorded": webhooks and the customers' counts). */
  anomaly_scan_full_ms_by_rule: Record<string, number>;
  /** The usual pass: only what crossed a threshold since the last (median of three). */
  anomaly_scan_incremental_ms: number | undefined;
  /**
   * An hour later every rule's full pass is due: the scheduled passes that do them (a few rules each,
   * within the scanner's budget), their number and the longest (target 2 s). PostgreSQL only: the
   * bench moves the rules' last full pass back an hour from its own connection.
   */
  anomaly_scan_hourly_passes?: number;
  anomaly_scan_hourly_max_ms?: number;
  /** The 异常 page with the seeded open anomalies (target 50 ms), overall and by view. */
  anomaly_page_p50_ms: number | undefined;
  anomaly_page_p95_ms: number | undefined;
  anomaly_page_p95_by_view_ms: Record<string, number | undefined>;
  /** A product's stock set under its threshold through the open API → anomalies.changed at a supervisor's socket (target 100 ms). */
  detection_p50_ms: number | undefined;
  detection_p95_ms: number | undefined;
};

const ANOMALY_VIEWS = {
  open: "",
  type: "type=LOGISTICS_STALLED",
  severity_sort: "sort=severity",
  high: "severity=HIGH,CRITICAL",
  unclaimed_old: "assignee=none&minAgeHours=72",
} as const;

const ANOMALIES_CHANGED = Buffer.from('42["anomalies.changed",');

/** One pass through the console's API, again when another pass held the scanner. */
async function timedScan(base: string, cookie: string, full: boolean) {
  for (;;) {
    const answer = await fetch(`${base}/api/anomaly-scans`, {
      method: "POST",
      headers: { cookie, origin: base, "content-type": "application/json" },
      body: JSON.stringify({ full }),
    });
    const pass = (await answer.json()) as {
      ran: boolean;
      ms: number;
      opened: number;
      full: string[];
      msByRule: Record<string, number>;
    };
    if (!answer.ok) throw new Error(`anomaly scan: ${answer.status}`);
    if (pass.ran) return pass;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Moves every rule's last full pass back an hour, then runs scheduled passes until none is due. */
async function hourlyPasses(base: string, cookie: string, target: BenchTarget) {
  if (!target.url) return {};
  const database = await targetDatabase(target, 1);
  try {
    await database.sql.query(`UPDATE "AnomalyRuleSetting" SET "fullScanAt" = "fullScanAt" - interval '61 minutes'`);
    const times: number[] = [];
    for (let pass = 0; pass < 20; pass += 1) {
      const { ms, full } = await timedScan(base, cookie, false);
      if (full.length === 0) break;
      times.push(ms);
    }
    return { anomaly_scan_hourly_passes: times.length, anomaly_scan_hourly_max_ms: Math.max(...times) };
  } finally {
    await database.close();
  }
}

/** Low stock set through the open API, timed to the anomalies.changed frame that opens its anomaly. */
async function detectionLatencies(base: string, samples: number): Promise<number[]> {
  const admin = await fetch(`${base}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "admin@loopdesk.demo", password: DEMO_PASSWORD }),
  });
  const adminCookie = admin.headers.get("set-cookie")?.split(";")[0] ?? "";
  const keyAnswer = await fetch(`${base}/api/api-keys`, {
    method: "POST",
    headers: { cookie: adminCookie, origin: base, "content-type": "application/json" },
    body: JSON.stringify({ name: "bench stock", scopes: ["products:write"] }),
  });
  const { key } = (await keyAnswer.json()) as { key: string };
  let heard: (() => void) | null = null;
  const socket = await connectAgentSocket({
    base,
    cookie: adminCookie,
    onRows: () => {},
    onFrame(frame) {
      if (frame.subarray(0, ANOMALIES_CHANGED.length).equals(ANOMALIES_CHANGED) && frame.includes("LOW_STOCK"))
        heard?.();
    },
  });
  const times: number[] = [];
  try {
    for (let i = 0; i < samples; i += 1) {
      const began = performance.now();
      const arrived = new Promise<void>((resolve) => {
        heard = resolve;
      });
      const answer = await fetch(`${base}/api/v1/products`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({
          sku: `BENCH-LOW-${Date.now()}-${i}`,
          name: "压测商品",
          priceFen: 1_000,
          stock: 1,
          lowStockThreshold: 5,
        }),
      });
      if (!answer.ok) throw new Error(`products: ${answer.status}`);
      await Promise.race([arrived, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      times.push(performance.now() - began);
    }
  } finally {
    socket.close();
  }
  return times;
}

async function seed(target: { url?: string; dataDir?: string }, orders: number): Promise<void> {
  const customers = orders / ORDERS_PER_CUSTOMER;
  const database = await targetDatabase(target, 2);
  try {
    await database.sql.query(
      `INSERT INTO "ChannelAccount" (id, kind, name, "appId", "updatedAt") VALUES ('bench-mp', 'MINI_PROGRAM', '压测小程序', 'wxbenchshop000001', now())`,
    );
    await database.sql.query(
      `INSERT INTO "Customer" (id, name, "createdAt", "updatedAt", "lastSeenAt")
       SELECT 'oc' || g, '顾客' || g, now(), now(), now() FROM generate_series(1, $1::int) g`,
      [customers],
    );
    await database.sql.query(
      `INSERT INTO "Conversation" (id, "customerId", "channelAccountId", status, "activeKey", "lastActivityAt", "createdAt", "updatedAt")
       SELECT 'ov' || g, 'oc' || g, 'bench-mp', 'OPEN', 'bench-mp:oc' || g, now(), now(), now()
       FROM generate_series(1, $1::int) g`,
      [Math.min(CHATTING_CUSTOMERS, customers)],
    );
    for (let start = 1; start <= orders; start += CHUNK) {
      const end = Math.min(orders, start + CHUNK - 1);
      await database.transaction(async (tx) => {
        // Over 180 days; status by the order's age; 1 in 50 refunded, 1 in 100 refused or failed.
        await tx.query(
          `INSERT INTO "Order" (id, "orderNo", status, "totalFen", channel, "customerId", "createdAt", "updatedAt", "paidAt",
             "paymentStatus", "parcelStatus")
           SELECT 'bo' || g, 'LD' || lpad(g::text, 9, '0'), s.status::"OrderStatus", 1000 + g % 50000,
             (ARRAY['mini-program', 'official-account', 'wecom', 'web'])[1 + g % 4], 'oc' || (1 + g % $3::int),
             t.at, t.at, CASE WHEN s.status <> 'PENDING_PAYMENT' THEN t.at END,
             (CASE WHEN g % 20 = 1 THEN NULL WHEN g % 50 = 0 THEN 'REFUNDED' ELSE 'PAID' END)::"PaymentStatus",
             (CASE WHEN g % 100 = 7 THEN 'REFUSED' WHEN g % 100 = 8 THEN 'FAILED_DELIVERY'
                   WHEN g % 10 < 3 THEN 'IN_TRANSIT' ELSE 'DELIVERED' END)::"ShipmentStatus"
           FROM generate_series($1::int, $2::int) g
           CROSS JOIN LATERAL (SELECT now() - (g::bigint * 7919 % 15552000) * interval '1 second' AS at) t
           CROSS JOIN LATERAL (SELECT CASE WHEN g % 50 = 0 THEN 'REFUNDED' WHEN g % 20 = 1 THEN 'PENDING_PAYMENT'
                                           WHEN g % 10 < 3 THEN 'SHIPPED' WHEN g % 10 < 4 THEN 'PAID' ELSE 'COMPLETED' END AS status) s`,
          [start, end, customers],
        );
        await tx.query(
          `INSERT INTO "OrderItem" (id, sku, name, quantity, "unitPriceFen", "orderId")
           SELECT 'bi' || g, 'SKU-' || g % 500, '商品 ' || g % 500, 1, 1000 + g % 50000, 'bo' || g
           FROM generate_series($1::int, $2::int) g`,
          [start, end],
        );
        await tx.query(
          `INSERT INTO "Payment" (id, "outTradeNo", "transactionId", "amountFen", "paidFen", status, "paidAt", "orderId", "createdAt", "updatedAt")
           SELECT 'bp' || g, 'LD' || lpad(g::text, 9, '0'), '4200' || lpad(g::text, 12, '0'), 1000 + g % 50000,
             1000 + g % 50000, CASE WHEN g % 50 = 0 THEN 'REFUNDED' ELSE 'PAID' END::"PaymentStatus", now(), 'bo' || g, now(), now()
           FROM generate_series($1::int, $2::int) g WHERE g % 20 <> 1`,
          [start, end],
        );
        await tx.query(
          `INSERT INTO "Shipment" (id, carrier, "trackingNo", status, "lastEventAt", "lastEventText", "orderId", "createdAt", "updatedAt")
           SELECT 'bs' || g, (ARRAY['shunfeng', 'zhongtong', 'yuantong', 'yunda'])[1 + g % 4], 'SF' || lpad(g::text, 12, '0'),
             CASE WHEN g % 100 = 7 THEN 'REFUSED' WHEN g % 100 = 8 THEN 'FAILED_DELIVERY'
                  WHEN g % 10 < 3 THEN 'IN_TRANSIT' ELSE 'DELIVERED' END::"ShipmentStatus",
             now() - (g % 500) * interval '6 minutes', '【转运中心 ${EVENTS_PER_PARCEL}】快件已到达，正在分拣', 'bo' || g,
             now(), now()
           FROM generate_series($1::int, $2::int) g`,
          [start, end],
        );
        await tx.query(
          `INSERT INTO "TrackingEvent" (id, "occurredAt", "carrierCode", status, description, location, "dedupeKey", "shipmentId")
           SELECT 'be' || g || '_' || k, now() - (${EVENTS_PER_PARCEL} - k) * interval '3 hours', '0',
             CASE WHEN k = 1 THEN 'PICKED_UP' ELSE 'IN_TRANSIT' END::"ShipmentStatus",
             '【转运中心 ' || k || '】快件已到达，正在分拣', '上海', 'k' || k, 'bs' || g
           FROM generate_series($1::int, $2::int) g CROSS JOIN generate_series(1, ${EVENTS_PER_PARCEL}) k`,
          [start, end],
        );
      });
    }
    // Open anomalies for the queue, of every kind a customer has, a year's worth a shop never got round
    // to. They name their order but no parcel or refund, so the rules' passes leave them open.
    await database.sql.query(
      `INSERT INTO "Anomaly" (id, type, severity, status, "subjectType", "subjectId", "openKey", details, "orderId",
         "customerId", "detectedAt", "createdAt", "updatedAt")
       SELECT 'ba' || g, t.type::"AnomalyType", (ARRAY['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'])[1 + g % 4]::"AnomalySeverity",
         'OPEN', 'seed', 'ba' || g, 'seed:' || g, jsonb_build_object('orderNo', 'LD' || lpad(g::text, 9, '0')),
         'bo' || g, 'oc' || (1 + g % $2::int), now() - (g % 8760) * interval '1 hour', now(), now()
       FROM generate_series(1, $1::int) g
       CROSS JOIN LATERAL (SELECT (ARRAY['LOGISTICS_STALLED', 'DELIVERY_FAILED', 'RETURNED', 'REFUSED', 'PAYMENT_MISMATCH',
         'REFUND_STUCK'])[1 + g % 6] AS type) t`,
      [Math.min(OPEN_ANOMALIES, orders), customers],
    );
    await database.sql.exec(
      `ANALYZE "Anomaly"; ANALYZE "Customer"; ANALYZE "Conversation"; ANALYZE "Order"; ANALYZE "OrderItem"; ANALYZE "Payment"; ANALYZE "Shipment"; ANALYZE "TrackingEvent";`,
    );
  } finally {
    await database.close();
  }
}

const FILTERS = {
  none: "",
  status: "status=SHIPPED",
  payment_rare: "payment=REFUNDED",
  parcel_rare: "parcel=FAILED_DELIVERY",
  channel: "channel=official-account",
  days: "from=2026-10-01&to=2026-10-07",
  unpaid: "payment=UNPAID",
} as const;

export async function runCommerceBench(options: { quick: boolean; port: number }): Promise<CommerceBenchResult> {
  const orders = options.quick ? 100_000 : 1_000_000;
  return runSeededPart(
    options.port,
    (target) => seed(target, orders),
    async (base, cookie, target) => {
      const rounds = options.quick ? 60 : 200;
      const chatting = Math.min(CHATTING_CUSTOMERS, orders / ORDERS_PER_CUSTOMER);
      const pick = (n: number) => 1 + Math.floor(Math.random() * n);

      // Each route's first call loads its code: not what a customer's sidebar costs.
      for (const url of ["/api/customers/oc1/orders", "/api/orders?limit=50", "/api/orders?q=SF000000000001"]) {
        for (let i = 0; i < 5; i += 1) await timed(base, cookie, url);
      }
      const sidebar: number[] = [];
      for (let i = 0; i < rounds; i += 1)
        sidebar.push(await timed(base, cookie, `/api/customers/oc${pick(chatting)}/orders`));

      const page: number[] = [];
      const byFilter: Record<string, number | undefined> = {};
      for (const [name, query] of Object.entries(FILTERS)) {
        const times: number[] = [];
        for (let i = 0; i < Math.ceil(rounds / 4); i += 1) {
          times.push(...(await timedPages(base, cookie, `/api/orders?${query}&limit=50`)));
        }
        byFilter[name] = percentiles(times, [95]).p95;
        page.push(...times);
      }

      const lookup: number[] = [];
      for (let i = 0; i < rounds; i += 1) {
        const trackingNo = `SF${String(pick(orders)).padStart(12, "0")}`;
        lookup.push(await timed(base, cookie, `/api/orders?q=${trackingNo}`));
      }
      // Anomalies: a full pass, then the usual incremental ones, the queue, and detection to the screen.
      const firstPass = await timedScan(base, cookie, true);
      const fullPass = await timedScan(base, cookie, true);
      const incremental: number[] = [];
      for (let i = 0; i < 3; i += 1) incremental.push((await timedScan(base, cookie, false)).ms);
      const hourly = await hourlyPasses(base, cookie, target);
      for (let i = 0; i < 5; i += 1) await timed(base, cookie, "/api/anomalies");
      const queue: number[] = [];
      const byView: Record<string, number | undefined> = {};
      for (const [name, query] of Object.entries(ANOMALY_VIEWS)) {
        const times: number[] = [];
        for (let i = 0; i < Math.ceil(rounds / 4); i += 1) {
          times.push(...(await timedPages(base, cookie, `/api/anomalies?${query}&limit=50`)));
        }
        byView[name] = percentiles(times, [95]).p95;
        queue.push(...times);
      }
      const detection = await detectionLatencies(base, options.quick ? 20 : 50);
      const q = percentiles(queue, [50, 95]);
      const d = percentiles(detection, [50, 95]);

      const s = percentiles(sidebar, [50, 95]);
      const p = percentiles(page, [50, 95]);
      const l = percentiles(lookup, [50, 95]);
      return {
        seeded_orders: orders,
        seeded_shipments: orders,
        seeded_tracking_events: orders * EVENTS_PER_PARCEL,
        sidebar_p50_ms: s.p50,
        sidebar_p95_ms: s.p95,
        orders_page_p50_ms: p.p50,
        orders_page_p95_ms: p.p95,
        orders_page_p95_by_filter_ms: byFilter,
        tracking_lookup_p50_ms: l.p50,
        tracking_lookup_p95_ms: l.p95,
        anomaly_scan_first_ms: firstPass.ms,
        anomaly_scan_first_opened: firstPass.opened,
        anomaly_scan_full_ms: fullPass.ms,
        anomaly_scan_full_ms_by_rule: fullPass.msByRule,
        anomaly_scan_incremental_ms: percentiles(incremental, [50]).p50,
        ...hourly,
        anomaly_page_p50_ms: q.p50,
        anomaly_page_p95_ms: q.p95,
        anomaly_page_p95_by_view_ms: byView,
        detection_p50_ms: d.p50,
        detection_p95_ms: d.p95,
      };
    },
  );
}
