// The sandbox's own API, for the scenario driver, tests and anyone trying LoopDesk: make a customer
// write on a channel, and see what LoopDesk sent back.
//   POST /sandbox/messages {"channel":"wecom"|"official-account"|"mini-program","customer":"…","text":"…"}
//   POST /sandbox/subscriptions {"customer":"…","templateId":"…"}  (a mini-program customer accepts one)
//   GET  /sandbox/sent?customer=…
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { readJsonBody } from "./read-json-body";
import type { WechatFake } from "./wechat/wechat-fake";
import type { WecomFake } from "./wecom/wecom-fake";

export type SandboxChannels = {
  wecom: WecomFake;
  wechat: WechatFake;
  openKfId: string;
  oaAppId?: string;
  mpAppId?: string;
};

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
    channels.wechat.customerSubscribes(channels.mpAppId, input.data.customer, input.data.templateId);
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
      })),
      ...channels.wechat.sent.map((message) => ({
        channel: message.appId === channels.oaAppId ? "official-account" : "mini-program",
        customer: message.toUser,
        type: message.msgtype,
        text: message.text,
        templateId: message.templateId,
      })),
    ].filter((message) => !customer || message.customer === customer);
    return json(res, 200, { sent });
  }
  json(res, 404, { error: "no such sandbox route" });
}
