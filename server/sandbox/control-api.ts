// The sandbox's own API, for the scenario driver, tests and anyone trying LoopDesk: make a customer
// write on a channel, and see what LoopDesk sent back.
//   POST /sandbox/messages {"channel":"wecom"|"official-account"|"mini-program","customer":"…","text":"…"}
//   POST /sandbox/subscriptions {"customer":"…","templateId":"…"}  (a mini-program customer accepts one)
//   GET  /sandbox/sent?customer=…
//   POST /sandbox/payments {"orderNo":"…","totalFen":8900,"customer":"…"}  (the customer pays; WeChat Pay notifies)
//   POST /sandbox/parcels/advance {"carrier":"shunfeng","trackingNo":"…","hoursAgo"?:50}  (the parcel's next scan
//        is pushed; with hoursAgo it happened that long ago, as a late push shows a parcel that stopped moving)
//   GET  /sandbox/refunds?orderNo=…  (the refunds WeChat Pay received)
//   GET  /sandbox/coupons?openid=…  (the cash coupons WeChat Pay issued to a customer)
//   GET  /sandbox/erp/events  (the webhooks the brand's ERP received, oldest first)
//   POST /sandbox/llm {"mode":"ok"|"slow"|"fail"|"nonsense","delayMs"?:…}  (how the sandbox's model behaves)
//   GET  /sandbox/llm  (its mode and the chat completions asked of it)
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { Kuaidi100Fake } from "./carriers/kuaidi100-fake";
import type { ErpFake } from "./erp/erp-fake";
import { LLM_MODES, type LlmFake } from "./llm/llm-fake";
import { readJsonBody } from "./read-json-body";
import type { WechatFake } from "./wechat/wechat-fake";
import type { WechatPayFake } from "./wechatpay/wechatpay-fake";
import type { WecomFake } from "./wecom/wecom-fake";

export type SandboxChannels = {
  wecom: WecomFake;
  wechat: WechatFake;
  openKfId: string;
  oaAppId?: string;
  mpAppId?: string;
  wechatPay?: WechatPayFake;
  kuaidi100?: Kuaidi100Fake;
  erp: ErpFake;
  llm: LlmFake;
};

const llmModeSchema = z.object({ mode: z.enum(LLM_MODES), delayMs: z.number().int().min(0).max(120_000).optional() });

const paymentSchema = z.object({
  orderNo: z.string().min(1).max(64),
  totalFen: z.number().int().min(1),
  customer: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
});

const parcelSchema = z.object({
  carrier: z.string().min(1).max(32),
  trackingNo: z.string().min(1).max(64),
  hoursAgo: z
    .number()
    .min(0)
    .max(24 * 30)
    .optional(),
});

const messageSchema = z.object({
  channel: z.enum(["wecom", "official-account", "mini-program"]),
  customer: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  text: z.string().min(1).max(2000),
});

const subscriptionSchema = z.object({
  customer: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  templateId: z.string().min(1).max(128),
});

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

export async function handleControl(
  path: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
  channels: SandboxChannels,
) {
  if (path === "/messages" && req.method === "POST") {
    const input = messageSchema.safeParse(await readJsonBody(req));
    if (!input.success) return json(res, 422, { error: input.error.issues[0]?.message });
    const { channel, customer, text } = input.data;
    const appId = channel === "official-account" ? channels.oaAppId : channels.mpAppId;
    if (channel !== "wecom" && !appId) return json(res, 404, { error: `no ${channel} in this sandbox` });
    const delivery =
      channel === "wecom"
        ? (await channels.wecom.customerSends({ openKfId: channels.openKfId, externalUserId: customer, text })).delivery
        : await channels.wechat.customerSends(appId ?? "", customer, text);
    return json(res, 200, { delivery });
  }
  if (path === "/subscriptions" && req.method === "POST") {
    const input = subscriptionSchema.safeParse(await readJsonBody(req));
    if (!input.success) return json(res, 422, { error: input.error.issues[0]?.message });
    if (!channels.mpAppId) return json(res, 404, { error: "no mini-program in this sandbox" });
    await channels.wechat.customerSubscribes(channels.mpAppId, input.data.customer, input.data.templateId);
    return json(res, 200, { subscribed: true });
  }
  if (path === "/sent" && req.method === "GET") {
    const customer = url.searchParams.get("customer");
    const sent = [
      ...channels.wecom.sent.map((message) => ({
        channel: "wecom",
        customer: message.toUser,
        type: message.msgtype,
        text: message.text,
        title: message.title,
      })),
      ...channels.wechat.sent.map((message) => ({
        channel: message.appId === channels.oaAppId ? "official-account" : "mini-program",
        customer: message.toUser,
        type: message.msgtype,
        text: message.text,
        title: message.title,
        templateId: message.templateId,
      })),
    ].filter((message) => !customer || message.customer === customer);
    return json(res, 200, { sent });
  }
  if (path === "/payments" && req.method === "POST") {
    const input = paymentSchema.safeParse(await readJsonBody(req));
    if (!input.success) return json(res, 422, { error: input.error.issues[0]?.message });
    if (!channels.wechatPay) return json(res, 404, { error: "no WeChat Pay merchant in this sandbox" });
    const deliveries = await channels.wechatPay.notifyPayment(
      {
        outTradeNo: input.data.orderNo,
        transactionId: `4200${Date.now()}${Math.floor(Math.random() * 9_000_000 + 1_000_000)}`,
        totalFen: input.data.totalFen,
        openid: input.data.customer,
        paidAt: new Date(),
      },
      { ladderScale: 1 / 3600 },
    );
    return json(res, 200, { notified: deliveries !== null, deliveries });
  }
  if (path === "/llm" && req.method === "POST") {
    const input = llmModeSchema.safeParse(await readJsonBody(req));
    if (!input.success) return json(res, 422, { error: input.error.issues[0]?.message });
    channels.llm.setMode(input.data.mode, input.data.delayMs);
    return json(res, 200, { mode: channels.llm.mode });
  }
  if (path === "/llm" && req.method === "GET") {
    return json(res, 200, { mode: channels.llm.mode, requests: channels.llm.requests });
  }
  if (path === "/erp/events" && req.method === "GET") {
    return json(res, 200, { events: [...channels.erp.events.values()] });
  }
  if (path === "/parcels/advance" && req.method === "POST") {
    const input = parcelSchema.safeParse(await readJsonBody(req));
    if (!input.success) return json(res, 422, { error: input.error.issues[0]?.message });
    const at = new Date(Date.now() - (input.data.hoursAgo ?? 0) * 3_600_000);
    const status = await channels.kuaidi100?.advance(input.data.carrier, input.data.trackingNo, at);
    if (status === undefined || status === null) return json(res, 404, { error: "parcel not followed or finished" });
    return json(res, 200, { pushed: status });
  }
  if (path === "/refunds" && req.method === "GET") {
    const orderNo = url.searchParams.get("orderNo");
    const refunds = [...(channels.wechatPay?.refunds.values() ?? [])].filter(
      (refund) => !orderNo || refund.outTradeNo === orderNo,
    );
    return json(res, 200, { refunds });
  }
  if (path === "/coupons" && req.method === "GET") {
    const openid = url.searchParams.get("openid") ?? "";
    return json(res, 200, { coupons: channels.wechatPay?.coupons.couponsOf(openid) ?? [] });
  }
  json(res, 404, { error: "no such sandbox route" });
}
