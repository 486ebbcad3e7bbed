// The WeChat sandbox's Official Account and mini-program side: stable_token, message/custom/send
// with WeChat's reply windows and error codes, template messages (OA) and one-time subscription
// messages (mini program) outside the window, and customers whose messages arrive as signed (and,
// in safe mode, encrypted) pushes to the console. Production code reaches it via WECHAT_API_BASE_URL.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type DeliveryResult, deliverCallback } from "../deliver-callback";
import {
  buildPushCallback,
  type PushMode,
  type SandboxWechatAccount,
  textPush,
} from "../official-account/build-push-callback";
import { readJsonBody } from "../read-json-body";
import { EVENT_GRANT, MESSAGE_GRANT, ReplyLedger } from "../reply-ledger";
import { SandboxMedia, WECHAT_UPLOAD_RULES } from "../sandbox-media";
import { LogisticsAssistantFake } from "./logistics-assistant-fake";
import { OrderShippingFake } from "./order-shipping-fake";

export type SandboxWechatApp = SandboxWechatAccount & {
  secret: string;
  kind: "OFFICIAL_ACCOUNT" | "MINI_PROGRAM";
  /** The console's webhook for this account. */
  webhookUrl?: string;
  mode?: PushMode;
  format?: "xml" | "json";
  /** The templates this account picked in its WeChat backend: template_id and its data keys. */
  templates?: { templateId: string; keys: string[] }[];
};

export type CustomSentMessage = {
  appId: string;
  toUser: string;
  msgtype: string;
  text?: string;
  mediaId?: string;
  templateId?: string;
  /** A card's title (news article, link, mini-program page). */
  title?: string;
};

/** WeChat caps a template field's value (a "thing" field at 20 characters); the sandbox at this. */
const TEMPLATE_VALUE_MAX = 200;

const TOKEN_TTL_S = 7200;

export class WechatFake {
  readonly calls: { path: string; body: unknown }[] = [];
  readonly sent: CustomSentMessage[] = [];
  /** Mini-program order shipping management; a payment is known when WeChat Pay (the sandbox's) has it. */
  readonly shipping = new OrderShippingFake((transactionId) => this.knowsPayment(transactionId));
  /** The logistics assistant's waybills (express/business). */
  readonly logistics = new LogisticsAssistantFake();
  /** Set by the sandbox when it plays WeChat Pay too; otherwise every payment is known. */
  knowsPayment: (transactionId: string) => boolean = () => true;
  /** Temporary media (media/upload, media/get), kept 3 days by WeChat; here until restart. */
  readonly media = new SandboxMedia();
  private readonly ledger = new ReplyLedger();
  private readonly tokens = new Map<string, { appId: string; expiresAt: number }>();
  private readonly stableTokens = new Map<string, string>();
  /** Followers' unionids (an account bound to an Open Platform account returns them). */
  readonly unionIds = new Map<string, string>();
  /** Mini-program one-time subscriptions (wx.requestSubscribeMessage accepted), each used by one send. */
  private readonly subscriptions = new Map<string, number>();
  /** Followers who blocked the account's template messages: WeChat accepts, then reports failure. */
  readonly templateBlocks = new Set<string>();
  /** OA template sends by client_msg_id: a retried send is not sent twice. */
  private readonly templateSends = new Map<string, number>();

  constructor(readonly apps: SandboxWechatApp[]) {}

  private app(appId: string): SandboxWechatApp {
    const app = this.apps.find((candidate) => candidate.appId === appId);
    if (!app) throw new Error(`the sandbox has no WeChat app ${appId}`);
    return app;
  }

  /** A customer writes: WeChat opens the reply window and pushes the message to the console. */
  async customerSends(appId: string, openId: string, text: string): Promise<DeliveryResult> {
    this.ledger.grant(`${appId}:${openId}`, MESSAGE_GRANT);
    return this.push(appId, textPush(openId, text));
  }

  /** A customer taps a menu item (CLICK): 3 replies within a minute become possible. */
  async customerClicksMenu(appId: string, openId: string, key: string): Promise<DeliveryResult> {
    this.ledger.grant(`${appId}:${openId}`, EVENT_GRANT);
    return this.push(appId, {
      FromUserName: openId,
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: "event",
      Event: "CLICK",
      EventKey: key,
    });
  }

  /** A waybill moves one node: its whole path so far is pushed to its mini program as add_express_path. */
  async advanceWaybill(orderId: string): Promise<DeliveryResult | null> {
    const waybill = this.logistics.nextNode(orderId);
    if (!waybill) return null;
    return this.push(
      waybill.appId,
      {
        FromUserName: waybill.openid ?? "o_logistics",
        CreateTime: Math.floor(Date.now() / 1000),
        MsgType: "event",
        Event: "add_express_path",
        DeliveryID: waybill.deliveryId,
        WayBillId: waybill.waybillId,
        OrderId: waybill.orderId,
        Version: waybill.actions.length,
        Count: waybill.actions.length,
      },
      { Actions: waybill.actions },
    );
  }

  /**
   * A mini-program customer accepts a subscription message once (wx.requestSubscribeMessage); WeChat
   * tells the mini program with subscribe_msg_popup_event.
   */
  async customerSubscribes(appId: string, openId: string, templateId: string): Promise<DeliveryResult | null> {
    const key = `${appId}:${openId}:${templateId}`;
    this.subscriptions.set(key, (this.subscriptions.get(key) ?? 0) + 1);
    if (!this.app(appId).webhookUrl) return null;
    return this.push(
      appId,
      {
        FromUserName: openId,
        CreateTime: Math.floor(Date.now() / 1000),
        MsgType: "event",
        Event: "subscribe_msg_popup_event",
      },
      { List: [{ TemplateId: templateId, SubscribeStatusString: "accept", PopupScene: 0 }] },
      "SubscribeMsgPopupEvent",
    );
  }

  async push(
    appId: string,
    fields: Record<string, string | number>,
    lists?: Record<string, Record<string, string | number>[]>,
    listWrapper?: string,
  ): Promise<DeliveryResult> {
    const app = this.app(appId);
    if (!app.webhookUrl) throw new Error(`no webhook URL for ${appId}`);
    const callback = buildPushCallback({
      account: app,
      fields,
      lists,
      ...(listWrapper ? { listWrapper } : {}),
      mode: app.mode ?? "safe",
      format: app.format,
    });
    return deliverCallback(`${app.webhookUrl}?${callback.query}`, callback.body, {
      contentType: app.format === "json" ? "application/json" : "text/xml",
    });
  }

  async handle(path: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const isUpload = path === "/cgi-bin/media/upload";
    const body = req.method === "POST" && !isUpload ? await readJsonBody(req) : {};
    this.calls.push({ path, body });
    const reply = (data: Record<string, unknown>) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ errcode: 0, errmsg: "ok", ...data }));
    };
    if (path === "/cgi-bin/stable_token") {
      reply(this.stableToken(body));
      return true;
    }
    if (path === "/cgi-bin/token") {
      reply(this.classicToken(url));
      return true;
    }
    const token = this.tokens.get(url.searchParams.get("access_token") ?? "");
    if (!token) {
      reply({ errcode: 40001, errmsg: "invalid credential, access_token is invalid or not latest" });
      return true;
    }
    if (token.expiresAt < Date.now()) {
      reply({ errcode: 42001, errmsg: "access_token expired" });
      return true;
    }
    if (path === "/cgi-bin/user/info") {
      const openId = url.searchParams.get("openid") ?? "";
      const unionid = this.unionIds.get(openId);
      // Since 2021 WeChat returns no nickname or avatar here.
      reply({ subscribe: 1, openid: openId, nickname: "", headimgurl: "", ...(unionid ? { unionid } : {}) });
      return true;
    }
    if (path === "/cgi-bin/message/custom/send") {
      reply(this.customSend(token.appId, body));
      return true;
    }
    if (path === "/cgi-bin/message/template/send" || path === "/cgi-bin/message/subscribe/send") {
      reply(this.templateSend(token.appId, path.includes("subscribe") ? "MINI_PROGRAM" : "OFFICIAL_ACCOUNT", body));
      return true;
    }
    if (path === "/cgi-bin/express/business/order/add") {
      reply(this.logistics.add(token.appId, body));
      return true;
    }
    if (path === "/cgi-bin/express/business/path/get") {
      reply(this.logistics.path(body));
      return true;
    }
    if (path === "/cgi-bin/express/business/order/get") {
      reply(this.logistics.get(body));
      return true;
    }
    if (path === "/wxa/sec/order/upload_shipping_info") {
      reply(this.shipping.uploadShippingInfo(body));
      return true;
    }
    if (path === "/wxa/sec/order/notify_confirm_receive") {
      reply(this.shipping.notifyConfirmReceive(body));
      return true;
    }
    if (isUpload) {
      reply(await this.media.upload(req, url, WECHAT_UPLOAD_RULES));
      return true;
    }
    if (path === "/cgi-bin/media/get") {
      this.media.serve(url, res);
      return true;
    }
    return false;
  }

  private readonly classicTokens = new Map<string, string>();

  /** Classic token: every call issues a new one and invalidates the previous classic token. */
  private classicToken(url: URL): Record<string, unknown> {
    const appId = url.searchParams.get("appid") ?? "";
    const app = this.apps.find((candidate) => candidate.appId === appId);
    if (url.searchParams.get("grant_type") !== "client_credential")
      return { errcode: 40002, errmsg: "invalid grant_type" };
    if (!app) return { errcode: 40013, errmsg: "invalid appid" };
    if (url.searchParams.get("secret") !== app.secret) return { errcode: 40001, errmsg: "invalid credential" };
    const previous = this.classicTokens.get(appId);
    if (previous) this.tokens.delete(previous);
    const token = randomBytes(32).toString("base64url");
    this.tokens.set(token, { appId, expiresAt: Date.now() + TOKEN_TTL_S * 1000 });
    this.classicTokens.set(appId, token);
    return { access_token: token, expires_in: TOKEN_TTL_S };
  }

  /** Stable token: the same token while it is valid, whoever asks. */
  private stableToken(request: Record<string, unknown>): Record<string, unknown> {
    const appId = String(request.appid ?? "");
    const app = this.apps.find((candidate) => candidate.appId === appId);
    if (!app) return { errcode: 40013, errmsg: "invalid appid" };
    if (request.secret !== app.secret) return { errcode: 40001, errmsg: "invalid credential" };
    const current = this.stableTokens.get(appId);
    const valid = current ? this.tokens.get(current) : undefined;
    if (current && valid && valid.expiresAt > Date.now() && request.force_refresh !== true) {
      return { access_token: current, expires_in: Math.floor((valid.expiresAt - Date.now()) / 1000) };
    }
    const token = randomBytes(32).toString("base64url");
    this.tokens.set(token, { appId, expiresAt: Date.now() + TOKEN_TTL_S * 1000 });
    this.stableTokens.set(appId, token);
    return { access_token: token, expires_in: TOKEN_TTL_S };
  }

  private customSend(appId: string, request: Record<string, unknown>): Record<string, unknown> {
    const toUser = String(request.touser ?? "");
    const msgtype = String(request.msgtype ?? "");
    if (!toUser || !msgtype) return { errcode: 47001, errmsg: "data format error" };
    const text = (request.text as { content?: unknown } | undefined)?.content;
    if (msgtype === "text" && typeof text === "string" && Buffer.byteLength(text) > 2048) {
      return { errcode: 45002, errmsg: "content size out of limit" };
    }
    // Customer-service messages carry pictures by media_id; there is no "file" message type.
    const mediaId = (request.image as { media_id?: unknown } | undefined)?.media_id;
    if (msgtype === "image" && !this.media.has(mediaId)) return { errcode: 40007, errmsg: "invalid media_id" };
    if (!["text", "image", "msgmenu", "miniprogrampage", "link", "news"].includes(msgtype)) {
      return { errcode: 40008, errmsg: "invalid message type" };
    }
    const page = request.miniprogrampage as
      | { title?: unknown; thumb_media_id?: unknown; pagepath?: unknown }
      | undefined;
    if (msgtype === "miniprogrampage" && (!this.media.has(page?.thumb_media_id) || !page?.pagepath)) {
      return { errcode: 40007, errmsg: "invalid thumb_media_id or pagepath" };
    }
    const article = (request.news as { articles?: { title?: unknown; url?: unknown }[] } | undefined)?.articles;
    if (msgtype === "news" && (article?.length !== 1 || !/^https?:\/\//.test(String(article[0]?.url ?? "")))) {
      return { errcode: 40066, errmsg: "news takes one article with a URL" };
    }
    const title = [page?.title, article?.[0]?.title, (request.link as { title?: unknown } | undefined)?.title].find(
      (candidate): candidate is string => typeof candidate === "string",
    );
    const spent = this.ledger.spend(`${appId}:${toUser}`);
    if (spent === "no_window")
      return { errcode: 45015, errmsg: "response out of time limit or subscription is canceled" };
    if (spent === "quota_exhausted") return { errcode: 45047, errmsg: "out of response count limit" };
    this.sent.push({
      appId,
      toUser,
      msgtype,
      text: typeof text === "string" ? text : undefined,
      mediaId: typeof mediaId === "string" ? mediaId : undefined,
      title,
    });
    return {};
  }

  /** WeChat reports a template message's final delivery a moment later, as a TEMPLATESENDJOBFINISH push. */
  private reportTemplateDelivery(app: SandboxWechatApp, toUser: string, msgid: number): void {
    if (!app.webhookUrl) return;
    const blocked = this.templateBlocks.has(`${app.appId}:${toUser}`);
    setTimeout(() => {
      this.push(app.appId, {
        FromUserName: toUser,
        CreateTime: Math.floor(Date.now() / 1000),
        MsgType: "event",
        Event: "TEMPLATESENDJOBFINISH",
        MsgID: msgid,
        Status: blocked ? "failed:user block" : "success",
      }).catch(() => {
        // The console may be gone (a test ending): WeChat gives up after its retries, so do we.
      });
    }, 50);
  }

  /** Template (OA) and subscription (mini program) messages: no window, but the template must exist. */
  private templateSend(
    appId: string,
    kind: SandboxWechatApp["kind"],
    request: Record<string, unknown>,
  ): Record<string, unknown> {
    const app = this.app(appId);
    if (app.kind !== kind) return { errcode: 48001, errmsg: "api unauthorized" };
    const toUser = String(request.touser ?? "");
    const templateId = String(request.template_id ?? "");
    if (!toUser) return { errcode: 40003, errmsg: "invalid openid" };
    const template = app.templates?.find((candidate) => candidate.templateId === templateId);
    if (!template) return { errcode: 40037, errmsg: "invalid template_id" };
    const data = (request.data ?? {}) as Record<string, { value?: unknown } | undefined>;
    for (const key of template.keys) {
      const value = data[key]?.value;
      if (typeof value !== "string" || value.length === 0 || value.length > TEMPLATE_VALUE_MAX) {
        return { errcode: 47003, errmsg: `argument invalid! data.${key}.value invalid` };
      }
    }
    const clientMsgId = typeof request.client_msg_id === "string" ? `${appId}:${request.client_msg_id}` : undefined;
    const repeated = clientMsgId ? this.templateSends.get(clientMsgId) : undefined;
    if (repeated) return { msgid: repeated };
    if (kind === "MINI_PROGRAM") {
      const key = `${appId}:${toUser}:${templateId}`;
      const left = this.subscriptions.get(key) ?? 0;
      if (left === 0) return { errcode: 43101, errmsg: "user refuse to accept the msg" };
      this.subscriptions.set(key, left - 1);
    }
    const msgid = Math.floor(Math.random() * 2 ** 48);
    if (clientMsgId) this.templateSends.set(clientMsgId, msgid);
    if (kind === "OFFICIAL_ACCOUNT") this.reportTemplateDelivery(app, toUser, msgid);
    this.sent.push({
      appId,
      toUser,
      msgtype: "template",
      templateId,
      text: template.keys.map((key) => String(data[key]?.value ?? "")).join(" / "),
    });
    return { msgid };
  }
}
