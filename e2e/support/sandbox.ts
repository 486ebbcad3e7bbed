// The specs' handle on the WeChat sandbox that the demo launcher starts next to LoopDesk.
const sandboxUrl = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1}`;

export type SandboxChannel = "wecom" | "official-account" | "mini-program";

export const sandbox = {
  /** A customer writes on a channel; WeChat's signed, encrypted callback reaches LoopDesk. */
  async customerWrites(channel: SandboxChannel, customer: string, text: string) {
    const response = await fetch(`${sandboxUrl}/sandbox/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ channel, customer, text }),
    });
    const { delivery } = (await response.json()) as { delivery?: { delivered: boolean } };
    if (!delivery?.delivered) throw new Error(`the callback for ${customer} was not accepted`);
  },
  /** The texts LoopDesk sent to this customer through the platform APIs. */
  async sentTo(customer: string): Promise<string[]> {
    return (await this.messagesTo(customer)).map((message) => message.text ?? "");
  },
  /** Everything LoopDesk sent to this customer, with WeChat's message types (text, image, file…). */
  async messagesTo(customer: string): Promise<{ type: string; text?: string; title?: string }[]> {
    const response = await fetch(`${sandboxUrl}/sandbox/sent?customer=${encodeURIComponent(customer)}`);
    return ((await response.json()) as { sent: { type: string; text?: string; title?: string }[] }).sent;
  },
  /** The customer pays the order; WeChat Pay's signed, encrypted notification reaches LoopDesk. */
  async customerPays(customer: string, orderNo: string, totalFen: number) {
    const response = await post("/sandbox/payments", { customer, orderNo, totalFen });
    const { notified } = (await response.json()) as { notified?: boolean };
    if (!notified) throw new Error(`LoopDesk did not accept the payment notification for ${orderNo}`);
  },
  /** The parcel's next scan: Kuaidi100 pushes its history (once LoopDesk has subscribed it). */
  async parcelMoves(carrier: string, trackingNo: string, options: { hoursAgo?: number } = {}): Promise<boolean> {
    return (await post("/sandbox/parcels/advance", { carrier, trackingNo, ...options })).ok;
  },
  /** The webhooks the brand's ERP (the sandbox's) received, oldest first. */
  async erpEvents(): Promise<{ id: string; type: string; data: Record<string, unknown>; attempts: number }[]> {
    const response = await fetch(`${sandboxUrl}/sandbox/erp/events`);
    return (
      (await response.json()) as {
        events: { id: string; type: string; data: Record<string, unknown>; attempts: number }[];
      }
    ).events;
  },
  /** How the sandbox's OpenAI-compatible model behaves from now on. */
  async setModel(mode: "ok" | "slow" | "fail" | "nonsense", delayMs?: number) {
    if (!(await post("/sandbox/llm", { mode, delayMs })).ok) throw new Error(`the sandbox model refused mode ${mode}`);
  },
  /** The refunds WeChat Pay received for an order. */
  async refundsOf(orderNo: string): Promise<{ refundFen: number; status: string }[]> {
    const response = await fetch(`${sandboxUrl}/sandbox/refunds?orderNo=${encodeURIComponent(orderNo)}`);
    return ((await response.json()) as { refunds: { refundFen: number; status: string }[] }).refunds;
  },
  /** The cash coupons WeChat Pay issued to a customer (their openid). */
  async couponsOf(openid: string): Promise<{ couponId: string; stockId: string; status: string }[]> {
    const response = await fetch(`${sandboxUrl}/sandbox/coupons?openid=${encodeURIComponent(openid)}`);
    return ((await response.json()) as { coupons: { couponId: string; stockId: string; status: string }[] }).coupons;
  },
};

function post(path: string, body: unknown) {
  return fetch(`${sandboxUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

export const uniqueCustomer = (prefix: string) =>
  `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
