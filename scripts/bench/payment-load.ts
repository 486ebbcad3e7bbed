// WeChat Pay notifications on top of the chat load: orders made through the open API beforehand,
// then signed, encrypted TRANSACTION.SUCCESS notifications at a fixed rate (10% replayed after their
// answer, one in twenty sent as five copies at once), their answers timed; a supervisor's socket in
// the conversations of the customers who chat times the sidebar's order.updated. Afterwards every
// order is read back: an order not paid is lost, an order with two payments doubled.
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, OrderUpdatedEvent, ServerToClientEvents } from "../../server/realtime/events";
import { buildPayNotification, type SandboxPayPlatform } from "../../server/sandbox/wechatpay/build-notification";
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
  for (let start = 0; start < orders.length; start += 16) {
    await Promise.all(
      orders.slice(start, start + 16).map(async (order) => {
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
      }),
    );
  }

  // The supervisor's socket joins the conversations of the customers who chat.
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(base, {
    transports: ["websocket"],
    extraHeaders: { cookie: options.supervisorCookie, origin: base },
  });
  const sidebarAt = new Map<string, number>();
  socket.on("order.updated", (event: OrderUpdatedEvent) => {
    if (!sidebarAt.has(event.orderNo)) sidebarAt.set(event.orderNo, performance.now());
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (error) => reject(new Error(`the supervisor's socket was refused: ${error.message}`)));
  });
  const conversations = new Set<string>();
  let after: string | null = null;
  do {
    const page = (await (
      await fetch(`${base}/api/conversations?view=all&limit=100${after ? `&after=${encodeURIComponent(after)}` : ""}`, {
        headers: { cookie: options.supervisorCookie },
      })
    ).json()) as { items: { id: string }[]; next: string | null };
    for (const row of page.items) conversations.add(row.id);
    after = page.next;
  } while (after && conversations.size < 2_000);
  await Promise.all(
    [...conversations].map(
      (conversationId) =>
        new Promise<void>((resolve) => socket.emit("conversation.subscribe", { conversationId }, () => resolve())),
    ),
  );
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

  return {
    /** Sends the notifications at the rate; resolves once every answer (and replay) is in. */
    async run(): Promise<{ achievedRate: number }> {
      // Signed just before the step: WeChat Pay's timestamps must be fresh (5 minutes).
      const requests = orders.map(notification);
      const inFlight: Promise<unknown>[] = [];
      const began = performance.now();
      let last = began;
      for (const [i, order] of orders.entries()) {
        const due = began + (i * 1000) / options.rate;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
        const request = requests[i] as Buffer;
        sentAt.set(order.orderNo, performance.now());
        last = performance.now();
        const copies = i % 20 === 0 ? COPIES : 1;
        for (let copy = 0; copy < copies; copy += 1) {
          inFlight.push(
            send(request).then((ms) => {
              if (copy === 0) acks.push(ms);
              // WeChat Pay's retries resend the same notification.
              if (copy === 0 && Math.random() < 0.1) return send(request);
            }),
          );
        }
      }
      await Promise.all(inFlight);
      return { achievedRate: orders.length / ((last - began + 1000 / options.rate) / 1000) };
    },

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
