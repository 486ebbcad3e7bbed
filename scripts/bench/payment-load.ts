// WeChat Pay notifications on top of the chat load: orders made through the open API beforehand,
// then signed, encrypted TRANSACTION.SUCCESS notifications at a fixed rate (10% replayed after their
// answer, one in twenty sent as five copies at once), their answers timed; a supervisor's socket in
// the conversations of the customers who chat times the sidebar's order.updated. Afterwards every
// order is read back: an order not paid is lost, an order with two payments doubled.
import type { OrderUpdatedEvent } from "../../server/realtime/events";
import { buildPayNotification, type SandboxPayPlatform } from "../../server/sandbox/wechatpay/build-notification";
import { connectAgentSocket } from "./agent-socket";
import { percentiles } from "./percentiles";
import { buildPost, createRawHttpClient } from "./raw-http";

export type PaymentLoadResult = {
  notifications_per_s: number;
  notifications_sent: number;
  ack_p50_ms: number | undefined;
  ack_p99_ms: number | undefined;
  /** Notification sent → order.updated at a supervisor's socket in the customer's conversation. */
  sidebar_p50_ms: number | undefined;
  sidebar_p95_ms: number | undefined;
  sidebar_samples: number;
  lost: number;
  doubled: number;
  refused: number;
};

type Options = {
  base: string;
  adminCookie: string;
  supervisorCookie: string;
  platform: SandboxPayPlatform;
  mchId: string;
  appId: string;
  /** The Official Account the chatting customers wrote to: their orders name it. */
  oaAppId: string;
  /** openids of customers who chat (each has a conversation), and how many orders go to them. */
  chattingOpenIds: string[];
  rate: number;
  seconds: number;
};

const COPIES = 5;
const ORDER_UPDATED = Buffer.from('42["order.updated",');

export async function preparePaymentLoad(options: Options) {
  const { base } = options;
  const run = Date.now().toString(36);
  const keyAnswer = await fetch(`${base}/api/api-keys`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: options.adminCookie, origin: base },
    body: JSON.stringify({ name: `bench ${run}`, scopes: ["orders:write", "orders:read"] }),
  });
  const { key } = (await keyAnswer.json()) as { key: string };
  const shop = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${base}/api/v1${path}`, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  const total = Math.round(options.rate * options.seconds);
  const orders = Array.from({ length: total }, (_, i) => ({
    orderNo: `BP${run}${String(i).padStart(6, "0")}`,
    totalFen: 1_000 + (i % 900) * 10,
    // One order in ten is a chatting customer's: their sidebar is watched.
    openid:
      (i % 10 === 0 ? options.chattingOpenIds[(i / 10) % options.chattingOpenIds.length] : undefined) ??
      `opay${run}${i}`,
  }));
  // One second of notifications before the step: the payment path's first ones (JIT, plans, pooled
  // connections) are not the steady state the step measures, as the chat has its own warm-up.
  const warmUp = Array.from({ length: options.rate }, (_, i) => ({
    orderNo: `BW${run}${String(i).padStart(6, "0")}`,
    totalFen: 1_000,
    openid: `owarm${run}${i}`,
  }));
  const watchedCustomers = new Set<string>();
  const everyOrder = [...warmUp, ...orders];
  for (let start = 0; start < everyOrder.length; start += 16) {
    await Promise.all(
      everyOrder.slice(start, start + 16).map(async (order) => {
        const answer = await shop("/orders", {
          method: "POST",
          body: {
            orderNo: order.orderNo,
            channel: "official-account",
            customer: { openid: order.openid, appId: options.oaAppId },
            items: [{ sku: "BENCH", name: "压测商品", quantity: 1, unitPriceFen: order.totalFen }],
            totalFen: order.totalFen,
          },
        });
        if (answer.status !== 201) throw new Error(`order ${order.orderNo}: ${answer.status}`);
        const { order: created } = (await answer.json()) as { order: { customer: { id: string } } };
        if (options.chattingOpenIds.includes(order.openid)) watchedCustomers.add(created.customer.id);
      }),
    );
  }

  // A supervisor has the conversations of the customers whose orders are watched open, as agents
  // have the conversations they work on (not every conversation: each open one is a frame per message).
  const conversations: string[] = [];
  let after: string | null = null;
  do {
    const page = (await (
      await fetch(`${base}/api/conversations?view=all&limit=100${after ? `&after=${encodeURIComponent(after)}` : ""}`, {
        headers: { cookie: options.supervisorCookie },
      })
    ).json()) as { items: { id: string; customer: { id: string } }[]; next: string | null };
    for (const row of page.items) if (watchedCustomers.has(row.customer.id)) conversations.push(row.id);
    after = page.next;
  } while (after);
  const sidebarAt = new Map<string, number>();
  const subscribed = new Set<number>();
  let allSubscribed = () => {};
  // Frames stay bytes (scripts/bench/agent-socket.ts): only the rare order.updated is parsed.
  const socket = await connectAgentSocket({
    base,
    cookie: options.supervisorCookie,
    onRows: () => {},
    onFrame(frame, at) {
      if (frame.subarray(0, ORDER_UPDATED.length).equals(ORDER_UPDATED)) {
        const [, event] = JSON.parse(frame.toString("utf8", 2)) as [string, OrderUpdatedEvent];
        if (!sidebarAt.has(event.orderNo)) sidebarAt.set(event.orderNo, at - performance.timeOrigin);
      } else if (frame[0] === 0x34 && frame[1] === 0x33) {
        subscribed.add(Number.parseInt(frame.toString("latin1", 2, frame.indexOf(0x5b)), 10));
        if (subscribed.size === conversations.length) allSubscribed();
      }
    },
  });
  await new Promise<void>((resolve) => {
    allSubscribed = resolve;
    if (conversations.length === 0) resolve();
    for (const [ack, conversationId] of conversations.entries()) {
      socket.send(`42${ack}${JSON.stringify(["conversation.subscribe", { conversationId }])}`);
    }
  });
  const watched = new Set(
    orders.filter((order) => options.chattingOpenIds.includes(order.openid)).map((o) => o.orderNo),
  );

  const client = createRawHttpClient(new URL(base), 64);
  const url = new URL(`${base}/webhooks/wechatpay`);
  const acks: number[] = [];
  const sentAt = new Map<string, number>();
  let refused = 0;

  const notification = (order: (typeof orders)[number]) => {
    const { body, headers } = buildPayNotification(options.platform, {
      eventType: "TRANSACTION.SUCCESS",
      resource: {
        mchid: options.mchId,
        appid: options.appId,
        out_trade_no: order.orderNo,
        transaction_id: `4200${run}${order.orderNo}`,
        trade_type: "JSAPI",
        trade_state: "SUCCESS",
        success_time: new Date().toISOString().replace(/\.\d{3}Z$/, "+00:00"),
        payer: { openid: order.openid },
        amount: { total: order.totalFen, payer_total: order.totalFen, currency: "CNY", payer_currency: "CNY" },
      },
    });
    return buildPost(url, "application/json", body, headers);
  };

  const send = async (request: Buffer) => {
    const began = performance.now();
    const { status } = await client.send(request);
    if (status !== 204) refused += 1;
    return performance.now() - began;
  };

  /** Sends notifications at the rate (one in twenty as five copies, one in ten replayed after its answer). */
  const sendPaced = async (requests: Buffer[], onSent: (i: number, ackMs: Promise<number>) => void) => {
    const inFlight: Promise<unknown>[] = [];
    const began = performance.now();
    let last = began;
    for (const [i, request] of requests.entries()) {
      const due = began + (i * 1000) / options.rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      last = performance.now();
      const copies = i % 20 === 0 ? COPIES : 1;
      for (let copy = 0; copy < copies; copy += 1) {
        const answered = send(request);
        if (copy === 0) onSent(i, answered);
        inFlight.push(
          // WeChat Pay's retries resend the same notification.
          answered.then(() => (copy === 0 && Math.random() < 0.1 ? send(request) : undefined)),
        );
      }
    }
    await Promise.all(inFlight);
    return { achievedRate: requests.length / ((last - began + 1000 / options.rate) / 1000) };
  };

  // Signed now, seconds before the step (WeChat Pay's timestamps must be within 5 minutes), not when
  // it starts: signing is ~1 ms of RSA each, and the chat load shares this process's event loop.
  const requests = orders.map(notification);
  await sendPaced(warmUp.map(notification), () => {});

  return {
    /** Sends the notifications at the rate; resolves once every answer (and replay) is in. */
    run: () =>
      sendPaced(requests, (i, answered) => {
        sentAt.set(orders[i]?.orderNo ?? "", performance.now());
        void answered.then((ms) => acks.push(ms));
      }),

    async result(): Promise<PaymentLoadResult> {
      // Applied after the answer: give the queue a moment, then read every order back.
      const deadline = performance.now() + 20_000;
      let lost = 0;
      let doubled = 0;
      for (;;) {
        lost = 0;
        doubled = 0;
        for (let start = 0; start < orders.length; start += 32) {
          const answers = await Promise.all(
            orders.slice(start, start + 32).map(async (order) => {
              const answer = await shop(`/orders/${order.orderNo}`);
              if (!answer.ok) throw new Error(`reading ${order.orderNo}: ${answer.status} ${await answer.text()}`);
              return ((await answer.json()) as { order: { status: string; payments: unknown[] } }).order;
            }),
          );
          for (const order of answers) {
            if (order.status !== "PAID") lost += 1;
            if (order.payments.length > 1) doubled += 1;
          }
        }
        if (lost === 0 || performance.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      socket.close();
      const sidebar = [...watched].flatMap((orderNo) => {
        const heard = sidebarAt.get(orderNo);
        const sent = sentAt.get(orderNo);
        return heard !== undefined && sent !== undefined ? [heard - sent] : [];
      });
      const a = percentiles(acks, [50, 99]);
      const s = percentiles(sidebar, [50, 95]);
      return {
        notifications_per_s: options.rate,
        notifications_sent: orders.length,
        ack_p50_ms: a.p50,
        ack_p99_ms: a.p99,
        sidebar_p50_ms: s.p50,
        sidebar_p95_ms: s.p95,
        sidebar_samples: sidebar.length,
        lost,
        doubled,
        refused,
      };
    },
  };
}
