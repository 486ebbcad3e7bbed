// ref: https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
// ref: https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/customer-message/receive.html
// Official Account and mini-program pushes share one shape (XML, or JSON for mini programs): one zod
// schema per MsgType, then a channel-agnostic InboundMessage.
import { z } from "zod";
import type { InboundMessage } from "../../conversations/inbound-message";

const id = z.string().min(1).max(128);
const digits = z.string().regex(/^\d{1,20}$/);
const text = (max: number) => z.string().max(max);
const coordinate = z
  .string()
  .regex(/^-?\d{1,3}(\.\d+)?$/)
  .transform(Number);

const base = { ToUserName: id, FromUserName: id, CreateTime: digits };

export const wechatPushSchema = z.discriminatedUnion("MsgType", [
  z.object({ ...base, MsgType: z.literal("text"), Content: text(8192), MsgId: digits, bizmsgmenuid: id.optional() }),
  z.object({ ...base, MsgType: z.literal("image"), MediaId: id, PicUrl: text(2048).optional(), MsgId: digits }),
  z.object({
    ...base,
    MsgType: z.literal("voice"),
    MediaId: id,
    Format: text(16).optional(),
    Recognition: text(4096).optional(),
    MsgId: digits,
  }),
  z.object({
    ...base,
    MsgType: z.enum(["video", "shortvideo"]),
    MediaId: id,
    ThumbMediaId: id.optional(),
    MsgId: digits,
  }),
  z.object({
    ...base,
    MsgType: z.literal("location"),
    Location_X: coordinate,
    Location_Y: coordinate,
    Label: text(512).optional(),
    MsgId: digits,
  }),
  z.object({
    ...base,
    MsgType: z.literal("link"),
    Title: text(512),
    Description: text(2048).optional(),
    Url: text(2048),
    MsgId: digits,
  }),
  z.object({
    ...base,
    MsgType: z.literal("miniprogrampage"),
    Title: text(512),
    AppId: id,
    PagePath: text(2048),
    ThumbMediaId: id.optional(),
    MsgId: digits,
  }),
  z.object({
    ...base,
    MsgType: z.literal("event"),
    Event: z.string().min(1).max(64),
    EventKey: text(2048).optional(),
    SessionFrom: text(1024).optional(),
    /** TEMPLATESENDJOBFINISH: the template message's msgid (capital D) and its final status. */
    MsgID: digits.optional(),
    Status: text(128).optional(),
    /** add_express_path (logistics assistant): the carrier, the waybill (two spellings), the push's version. */
    DeliveryID: text(64).optional(),
    WayBillId: text(64).optional(),
    WaybillId: text(64).optional(),
    OrderId: text(512).optional(),
    Version: digits.optional(),
  }),
]);

export type WechatPush = z.infer<typeof wechatPushSchema>;

/** Events that open a 3-replies-in-1-minute window on an Official Account. */
const EVENT_WINDOW_EVENTS = new Set(["subscribe", "SCAN", "CLICK", "scancode_push", "scancode_waitmsg"]);

/** The dedupe key WeChat documents: MsgId for messages, FromUserName + CreateTime for events. */
export function pushDedupeKey(push: WechatPush): string {
  if (push.MsgType !== "event") return push.MsgId;
  // Two template reports to one follower can share a second: their MsgID tells them apart; two
  // logistics pushes, their waybill and version.
  const waybill = push.WayBillId ?? push.WaybillId;
  const detail = push.MsgID ? `:${push.MsgID}` : waybill ? `:${waybill}:${push.Version ?? ""}` : "";
  return `${push.FromUserName}:${push.CreateTime}:${push.Event}${detail}`;
}

/**
 * The conversation message a push becomes, or null for pushes that are recorded but not shown
 * (location reports, menu links, template delivery reports…).
 */
export function normalizeWechatPush(
  push: WechatPush,
  options: { channelAccountId: string; kind: "OFFICIAL_ACCOUNT" | "MINI_PROGRAM" },
): InboundMessage | null {
  const common = {
    channelAccountId: options.channelAccountId,
    externalUserId: push.FromUserName,
    externalMsgId: pushDedupeKey(push),
    sentAt: new Date(Number(push.CreateTime) * 1000),
  };
  const message = (content: InboundMessage["content"]): InboundMessage => ({
    content,
    window: { kind: "MESSAGE" },
    ...common,
  });
  switch (push.MsgType) {
    case "text":
      return message({ type: "TEXT", text: push.Content, menuId: push.bizmsgmenuid });
    case "image":
      return message({ type: "IMAGE", mediaId: push.MediaId, picUrl: push.PicUrl });
    case "voice":
      return message({ type: "VOICE", mediaId: push.MediaId, format: push.Format, recognition: push.Recognition });
    case "video":
    case "shortvideo":
      return message({ type: "VIDEO", mediaId: push.MediaId, thumbMediaId: push.ThumbMediaId });
    case "location":
      return message({ type: "LOCATION", latitude: push.Location_X, longitude: push.Location_Y, name: push.Label });
    case "link":
      return message({ type: "LINK", title: push.Title, description: push.Description, url: push.Url });
    case "miniprogrampage":
      return message({
        type: "MINIPROGRAM",
        title: push.Title,
        appId: push.AppId,
        pagePath: push.PagePath,
        thumbMediaId: push.ThumbMediaId,
      });
    case "event":
      return normalizeEvent(push, common, options.kind);
  }
}

function normalizeEvent(
  push: Extract<WechatPush, { MsgType: "event" }>,
  common: Omit<InboundMessage, "content" | "window">,
  kind: "OFFICIAL_ACCOUNT" | "MINI_PROGRAM",
): InboundMessage | null {
  if (push.Event === "unsubscribe") {
    return { content: { type: "EVENT", event: "unsubscribed" }, window: { kind: "CLOSE" }, ...common };
  }
  if (push.Event === "user_enter_tempsession" && kind === "MINI_PROGRAM") {
    return {
      content: { type: "EVENT", event: "entered_session", detail: push.SessionFrom },
      window: { kind: "EVENT", quota: 2 },
      ...common,
    };
  }
  if (kind === "OFFICIAL_ACCOUNT" && EVENT_WINDOW_EVENTS.has(push.Event)) {
    const content: InboundMessage["content"] =
      push.Event === "CLICK"
        ? { type: "MENU", menuId: push.EventKey ?? "", text: push.EventKey ?? "" }
        : { type: "EVENT", event: push.Event === "subscribe" ? "subscribed" : "scanned", detail: push.EventKey };
    return { content, window: { kind: "EVENT", quota: 3 }, ...common };
  }
  return null;
}
