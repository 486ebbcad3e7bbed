// The WeChat sandbox's WeCom: a loopback stand-in for qyapi.weixin.qq.com's kf APIs that keeps the
// real shapes, limits and error codes, and sends the encrypted kf_msg_or_event callback when a
// customer writes. Production code reaches it only through WECOM_API_BASE_URL.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { sealEnvelope, signEncrypted } from "../../channels/wechat-callback/callback-crypto";
import { buildWechatXml } from "../../channels/wechat-callback/wechat-xml";
import { type DeliveryResult, deliverCallback } from "../deliver-callback";
import { readJsonBody } from "../read-json-body";
import { MESSAGE_GRANT, ReplyLedger } from "../reply-ledger";
import { SandboxMedia, WECOM_UPLOAD_RULES } from "../sandbox-media";

export type SandboxCorp = { corpId: string; secret: string; token: string; aesKey: string };

type KfMessage = Record<string, unknown> & { msgid: string; send_time: number };

const TOKEN_TTL_S = 7200;
const RETENTION_S = 3 * 24 * 3600;
const MAX_LIMIT = 1000;

export type KfSentMessage = {
  openKfId: string;
  toUser: string;
  msgid: string;
  msgtype: string;
  text?: string;
  mediaId?: string;
  /** A link or mini-program card's title, as the customer sees it. */
  title?: string;
};

export type SandboxKfProfile = { nickname: string; avatar: string; unionid?: string };

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高";
const GIVEN = [
  "伟",
  "芳",
  "娜",
  "敏",
  "静",
  "丽",
  "强",
  "磊",
  "洋",
  "艳",
  "勇",
  "军",
  "杰",
  "娟",
  "涛",
  "明",
  "超",
  "秀英",
  "霞",
  "平",
];

/** A stable, plausible Chinese nickname for a sandbox customer. */
function nicknameFor(externalUserId: string): string {
  let hash = 0;
  for (const char of externalUserId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `${SURNAMES[hash % SURNAMES.length]}${GIVEN[(hash >>> 8) % GIVEN.length]}`;
}

export class WecomFake {
  /** Profiles customer/batchget returns; customers without one get a generated nickname. */
  readonly profiles = new Map<string, SandboxKfProfile>();
  readonly calls: { path: string; body: unknown }[] = [];
  /** What LoopDesk sent through kf/send_msg and WeCom accepted. */
  readonly sent: KfSentMessage[] = [];
  private readonly ledger = new ReplyLedger();
  /** Media customers sent and media LoopDesk uploaded (WeCom keeps them 3 days; here until restart). */
  readonly media = new SandboxMedia();
  /** One-message codes for send_msg_on_event: welcome codes (20 s) and msg_codes (48 h, or 20 s on end). */
  private readonly eventCodes = new Map<
    string,
    { expiresAt: number; used: boolean; openKfId: string; toUser: string }
  >();
  /** kf session state per customer: 0 new, 1 smart assistant, 2 queue, 3 servicer, 4 ended. */
  readonly sessionStates = new Map<string, number>();
  private readonly tokens = new Map<string, number>();
  private readonly logs = new Map<string, KfMessage[]>();
  private readonly failures: { path: string; errcode: number; skip: number; openKfId?: string }[] = [];
  private sequence = 0;

  constructor(
    readonly corp: SandboxCorp,
    /** The console's WeCom webhook, e.g. http://127.0.0.1:3000/webhooks/wecom */
    public webhookUrl?: string,
  ) {}

  /**
   * Makes a coming call to `path` (the next one, or the one after `skip` more; only calls about
   * `openKfId` when given) answer with `errcode`.
   */
  failNext(path: string, errcode: number, options: { skip?: number; openKfId?: string } = {}): void {
    this.failures.push({ path, errcode, skip: options.skip ?? 0, openKfId: options.openKfId });
  }

  /** Invalidates every issued access token, as WeCom may do before their expiry. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** A customer writes to a kf account: the message is logged and the callback sent. */
  async customerSends(options: {
    openKfId: string;
    externalUserId: string;
    text?: string;
    msgtype?: string;
    payload?: Record<string, unknown>;
    deliver?: boolean;
  }): Promise<{ msgid: string; delivery?: DeliveryResult }> {
    const msgtype = options.msgtype ?? "text";
    const msgid = this.append(options.openKfId, {
      open_kfid: options.openKfId,
      external_userid: options.externalUserId,
      origin: 3,
      msgtype,
      [msgtype]: options.payload ?? { content: options.text ?? "" },
    });
    const session = `${options.openKfId}:${options.externalUserId}`;
    this.ledger.grant(session, MESSAGE_GRANT);
    // A customer message starts a new session when none is going on.
    if ((this.sessionStates.get(session) ?? 4) === 4) this.sessionStates.set(session, 0);
    if (options.deliver === false) return { msgid };
    return { msgid, delivery: await this.sendCallback(options.openKfId) };
  }

  /** A customer opens the kf chat: WeCom logs enter_session with a welcome code valid 20 s. */
  async customerEntersSession(options: {
    openKfId: string;
    externalUserId: string;
    scene?: string;
    deliver?: boolean;
  }) {
    const welcomeCode = this.issueCode(options.openKfId, options.externalUserId, 20_000);
    const msgid = this.append(options.openKfId, {
      open_kfid: options.openKfId,
      origin: 4,
      msgtype: "event",
      event: {
        event_type: "enter_session",
        open_kfid: options.openKfId,
        external_userid: options.externalUserId,
        scene: options.scene ?? "",
        welcome_code: welcomeCode,
      },
    });
    const delivery = options.deliver === false ? undefined : await this.sendCallback(options.openKfId);
    return { msgid, welcomeCode, delivery };
  }

  private issueCode(openKfId: string, toUser: string, ttlMs: number): string {
    const code = randomBytes(16).toString("hex");
    this.eventCodes.set(code, { expiresAt: Date.now() + ttlMs, used: false, openKfId, toUser });
    return code;
  }

  /** Keeps a customer's picture or file for media/get; returns its media_id. */
  storeMedia(contentType: string, bytes: Buffer, fileName: string): string {
    return this.media.store({ contentType, bytes, fileName });
  }

  /** Appends an item to a kf account's message log, as WeCom does for every message and event. */
  append(openKfId: string, item: Record<string, unknown>): string {
    this.sequence += 1;
    const msgid = `sandbox${Date.now().toString(36)}${this.sequence.toString(36)}${randomBytes(3).toString("hex")}`;
    const log = this.logs.get(openKfId) ?? [];
    log.push({ send_time: Math.floor(Date.now() / 1000), ...item, msgid });
    this.logs.set(openKfId, log);
    return msgid;
  }

  /** The encrypted, signed kf_msg_or_event callback WeCom sends, delivered with WeCom's retries. */
  buildCallback(openKfId: string, token = randomBytes(16).toString("hex")) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(5).toString("hex");
    const event = buildWechatXml({
      ToUserName: this.corp.corpId,
      CreateTime: Number(timestamp),
      MsgType: "event",
      Event: "kf_msg_or_event",
      Token: token,
      OpenKfId: openKfId,
    });
    const encrypted = sealEnvelope({ aesKey: this.corp.aesKey, receiveId: this.corp.corpId, message: event });
    const query = new URLSearchParams({
      msg_signature: signEncrypted(this.corp.token, timestamp, nonce, encrypted),
      timestamp,
      nonce,
    });
    return { query, body: buildWechatXml({ ToUserName: this.corp.corpId, Encrypt: encrypted, AgentID: "" }) };
  }

  async sendCallback(openKfId: string): Promise<DeliveryResult> {
    if (!this.webhookUrl) throw new Error("the WeCom sandbox has no webhook URL to call");
    const { query, body } = this.buildCallback(openKfId);
    return deliverCallback(`${this.webhookUrl}?${query}`, body);
  }

  /** Handles /cgi-bin/* requests; answers false for paths it does not serve. */
  async handle(path: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const isUpload = path === "/cgi-bin/media/upload";
    const body = req.method === "POST" && !isUpload ? await readJsonBody(req) : undefined;
    this.calls.push({ path, body });
    const reply = (data: Record<string, unknown>) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ errcode: 0, errmsg: "ok", ...data }));
    };
    const error = this.errorFor(path, url, body);
    if (error) {
      reply(error);
      return true;
    }
    if (path === "/cgi-bin/media/get") {
      this.media.serve(url, res);
      return true;
    }
    if (isUpload) {
      reply(await this.media.upload(req, url, WECOM_UPLOAD_RULES));
      return true;
    }
    if (path === "/cgi-bin/gettoken") {
      const token = randomBytes(32).toString("base64url");
      this.tokens.set(token, Date.now() + TOKEN_TTL_S * 1000);
      reply({ access_token: token, expires_in: TOKEN_TTL_S });
      return true;
    }
    if (path === "/cgi-bin/kf/sync_msg") {
      reply(this.syncPage(body as Record<string, unknown>));
      return true;
    }
    if (path === "/cgi-bin/kf/service_state/get") {
      const request = body as Record<string, unknown>;
      reply({ service_state: this.sessionStates.get(`${request.open_kfid}:${request.external_userid}`) ?? 4 });
      return true;
    }
    if (path === "/cgi-bin/kf/service_state/trans") {
      reply(this.transState(body as Record<string, unknown>));
      return true;
    }
    if (path === "/cgi-bin/kf/send_msg_on_event") {
      reply(this.sendOnEvent(body as Record<string, unknown>));
      return true;
    }
    if (path === "/cgi-bin/kf/customer/batchget") {
      reply(this.batchget(body as Record<string, unknown>));
      return true;
    }
    if (path === "/cgi-bin/kf/send_msg") {
      reply(this.sendMessage(body as Record<string, unknown>));
      return true;
    }
    return false;
  }

  private transState(request: Record<string, unknown>): Record<string, unknown> {
    const session = `${request.open_kfid}:${request.external_userid}`;
    const from = this.sessionStates.get(session) ?? 4;
    const to = Number(request.service_state);
    const allowed: Record<number, number[]> = { 0: [1, 2, 3, 4], 1: [1, 2, 3, 4], 2: [2, 3, 4], 3: [3, 4], 4: [] };
    if (from === 4) return { errcode: 95013, errmsg: "session already ended" };
    if (!allowed[from]?.includes(to)) return { errcode: 95016, errmsg: "invalid state transition" };
    if (to === 3 && typeof request.servicer_userid !== "string")
      return { errcode: 95014, errmsg: "servicer_userid required" };
    this.sessionStates.set(session, to);
    // Entering the queue, a servicer, or the end gives one message: 48 h, but only 20 s to say goodbye.
    if (to < 2 || from === to) return {};
    return {
      msg_code: this.issueCode(
        String(request.open_kfid),
        String(request.external_userid),
        to === 4 ? 20_000 : 48 * 3600_000,
      ),
    };
  }

  private sendOnEvent(request: Record<string, unknown>): Record<string, unknown> {
    const code = this.eventCodes.get(String(request.code ?? ""));
    if (!code || code.used || code.expiresAt < Date.now()) return { errcode: 95007, errmsg: "invalid msg code" };
    const msgtype = String(request.msgtype ?? "");
    if (msgtype !== "text" && msgtype !== "msgmenu") return { errcode: 40008, errmsg: "invalid message type" };
    const text = (request.text as { content?: unknown } | undefined)?.content;
    code.used = true;
    const msgid = typeof request.msgid === "string" ? request.msgid : randomBytes(8).toString("hex");
    this.sent.push({
      openKfId: code.openKfId,
      toUser: code.toUser,
      msgid,
      msgtype,
      text: typeof text === "string" ? text : undefined,
    });
    return { msgid };
  }

  private batchget(request: Record<string, unknown>): Record<string, unknown> {
    const ids = Array.isArray(request.external_userid_list) ? request.external_userid_list.map(String) : [];
    if (ids.length === 0 || ids.length > 100) return { errcode: 40058, errmsg: "external_userid_list: 1 to 100 ids" };
    return {
      customer_list: ids.map((id) => ({
        external_userid: id,
        gender: 0,
        ...(this.profiles.get(id) ?? { nickname: nicknameFor(id), avatar: "" }),
      })),
      invalid_external_userid: [],
    };
  }

  private sendMessage(request: Record<string, unknown>): Record<string, unknown> {
    const toUser = String(request.touser ?? "");
    const openKfId = String(request.open_kfid ?? "");
    const msgtype = String(request.msgtype ?? "");
    const msgid = typeof request.msgid === "string" ? request.msgid : randomBytes(8).toString("hex");
    if (!toUser || !openKfId || !msgtype) return { errcode: 47001, errmsg: "data format error" };
    if (!/^[0-9a-zA-Z_-]{0,32}$/.test(msgid)) return { errcode: 40058, errmsg: "invalid msgid" };
    const text = (request.text as { content?: unknown } | undefined)?.content;
    if (msgtype === "text" && (typeof text !== "string" || Buffer.byteLength(text) > 2048)) {
      return { errcode: 44004, errmsg: "text content is empty or too long" };
    }
    const mediaId = (request[msgtype] as { media_id?: unknown } | undefined)?.media_id;
    if ((msgtype === "image" || msgtype === "file") && !this.media.has(mediaId)) {
      return { errcode: 40007, errmsg: "invalid media_id" };
    }
    // Cards: a link needs a title, an http(s) URL and a thumbnail; a mini-program card its page too.
    const card = request[msgtype] as
      | { title?: unknown; url?: unknown; thumb_media_id?: unknown; appid?: unknown; pagepath?: unknown }
      | undefined;
    if (msgtype === "link" || msgtype === "miniprogram") {
      if (!this.media.has(card?.thumb_media_id)) return { errcode: 40007, errmsg: "invalid thumb_media_id" };
      const titleLimit = msgtype === "link" ? 128 : 64;
      if (typeof card?.title !== "string" || !card.title || Buffer.byteLength(card.title) > titleLimit) {
        return { errcode: 44004, errmsg: "title is empty or too long" };
      }
      if (msgtype === "link" && !/^https?:\/\//.test(String(card?.url ?? ""))) {
        return { errcode: 40066, errmsg: "invalid url" };
      }
      if (msgtype === "miniprogram" && (!card?.appid || !card.pagepath)) {
        return { errcode: 47001, errmsg: "data format error" };
      }
    } else if (!["text", "image", "file", "msgmenu", "voice", "video", "location"].includes(msgtype)) {
      return { errcode: 40008, errmsg: "invalid message type" };
    }
    // The client msgid is an idempotency key: the same one is accepted once and echoed again.
    if (this.sent.some((sent) => sent.openKfId === openKfId && sent.msgid === msgid)) return { msgid };
    // Only a new session or one with the smart assistant accepts API messages.
    const state = this.sessionStates.get(`${openKfId}:${toUser}`) ?? 4;
    if (state >= 2) return { errcode: 95018, errmsg: "send msg session status invalid, hint: [sandbox]" };
    const spent = this.ledger.spend(`${openKfId}:${toUser}`);
    if (spent === "no_window") return { errcode: 95002, errmsg: "send msg time limit, hint: [sandbox]" };
    if (spent === "quota_exhausted") return { errcode: 95001, errmsg: "send msg count limit, hint: [sandbox]" };
    this.sent.push({
      openKfId,
      toUser,
      msgid,
      msgtype,
      text: typeof text === "string" ? text : undefined,
      mediaId: typeof mediaId === "string" ? mediaId : undefined,
      title: typeof card?.title === "string" ? card.title : undefined,
    });
    return { msgid };
  }

  /** The error WeCom would answer before looking at the request itself, if any. */
  private errorFor(path: string, url: URL, body: unknown): { errcode: number; errmsg: string } | null {
    const openKfId = (body as { open_kfid?: unknown } | undefined)?.open_kfid;
    const injected = this.failures.findIndex(
      (failure) => failure.path === path && (!failure.openKfId || failure.openKfId === openKfId),
    );
    const pending = this.failures[injected];
    if (pending && pending.skip > 0) {
      pending.skip -= 1;
    } else if (injected >= 0) {
      const errcode = this.failures.splice(injected, 1)[0]?.errcode ?? -1;
      return { errcode, errmsg: `sandbox injected error ${errcode}` };
    }
    if (path === "/cgi-bin/gettoken") {
      if (url.searchParams.get("corpid") !== this.corp.corpId) return { errcode: 40013, errmsg: "invalid corpid" };
      if (url.searchParams.get("corpsecret") !== this.corp.secret)
        return { errcode: 40001, errmsg: "invalid credential" };
      return null;
    }
    const token = url.searchParams.get("access_token");
    if (!token) return { errcode: 41001, errmsg: "access_token missing" };
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return { errcode: 40014, errmsg: "invalid access_token" };
    if (expiresAt < Date.now()) return { errcode: 42001, errmsg: "access_token expired" };
    return null;
  }

  private syncPage(request: Record<string, unknown>) {
    const openKfId = String(request.open_kfid ?? "");
    const limit = Math.min(Number(request.limit ?? MAX_LIMIT) || MAX_LIMIT, MAX_LIMIT);
    const log = this.logs.get(openKfId) ?? [];
    const cutoff = Math.floor(Date.now() / 1000) - RETENTION_S;
    const start = request.cursor ? decodeCursor(String(request.cursor), openKfId) : 0;
    const page = log.slice(start, start + limit).filter((message) => message.send_time >= cutoff);
    const end = Math.min(start + limit, log.length);
    return { next_cursor: encodeCursor(openKfId, end), has_more: end < log.length ? 1 : 0, msg_list: page };
  }
}

// Opaque to the client, as WeCom's are.
function encodeCursor(openKfId: string, index: number): string {
  return Buffer.from(`${openKfId}|${index}`).toString("base64url");
}

function decodeCursor(cursor: string, openKfId: string): number {
  const [scope, index] = Buffer.from(cursor, "base64url").toString().split("|");
  return scope === openKfId ? Number(index) || 0 : 0;
}
