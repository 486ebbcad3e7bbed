// The WeChat sandbox's Official Account and mini-program side: stable_token, message/custom/send
// with WeChat's reply windows and error codes, and customers whose messages arrive as signed (and,
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

export type SandboxWechatApp = SandboxWechatAccount & {
  secret: string;
  kind: "OFFICIAL_ACCOUNT" | "MINI_PROGRAM";
  /** The console's webhook for this account. */
  webhookUrl?: string;
  mode?: PushMode;
  format?: "xml" | "json";
};

export type CustomSentMessage = { appId: string; toUser: string; msgtype: string; text?: string; mediaId?: string };

const TOKEN_TTL_S = 7200;

export class WechatFake {
  readonly calls: { path: string; body: unknown }[] = [];
  readonly sent: CustomSentMessage[] = [];
  /** Temporary media (media/upload, media/get), kept 3 days by WeChat; here until restart. */
  readonly media = new SandboxMedia();
  private readonly ledger = new ReplyLedger();
  private readonly tokens = new Map<string, { appId: string; expiresAt: number }>();
  private readonly stableTokens = new Map<string, string>();
  /** Followers' unionids (an account bound to an Open Platform account returns them). */
  readonly unionIds = new Map<string, string>();

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

  async push(appId: string, fields: Record<string, string | number>): Promise<DeliveryResult> {
    const app = this.app(appId);
    if (!app.webhookUrl) throw new Error(`no webhook URL for ${appId}`);
    const callback = buildPushCallback({ account: app, fields, mode: app.mode ?? "safe", format: app.format });
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
    });
    return {};
  }
}
