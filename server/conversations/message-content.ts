// What a message says, whatever channel carried it. Stored in Message.body; Message.text holds the
// plain text used for previews and search. Customer content is untrusted: rendered as text only.
import { z } from "zod";

const linkFields = {
  title: z.string(),
  description: z.string(),
  /** Where the card opens: the shop's page and/or the mini program's page; neither: sent as text. */
  url: z.string().optional(),
  miniProgram: z.object({ appId: z.string(), pagePath: z.string() }).optional(),
  thumbMediaId: z.string().optional(),
};
const cardFields = { ...linkFields, orderNo: z.string() };

export const messageContentSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("TEXT"),
    text: z.string(),
    menuId: z.string().optional(),
    /** Colleagues @mentioned in an internal note. */
    mentions: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
  }),
  z.object({
    type: z.literal("IMAGE"),
    mediaId: z.string(),
    picUrl: z.string().optional(),
    fileName: z.string().optional(),
  }),
  z.object({
    type: z.literal("VOICE"),
    mediaId: z.string(),
    format: z.string().optional(),
    recognition: z.string().optional(),
  }),
  z.object({ type: z.literal("VIDEO"), mediaId: z.string(), thumbMediaId: z.string().optional() }),
  z.object({
    type: z.literal("FILE"),
    mediaId: z.string(),
    fileName: z.string().optional(),
    size: z.number().int().nonnegative().optional(),
  }),
  z.object({
    type: z.literal("LOCATION"),
    latitude: z.number(),
    longitude: z.number(),
    name: z.string().optional(),
    address: z.string().optional(),
  }),
  z.object({
    type: z.literal("LINK"),
    title: z.string(),
    description: z.string().optional(),
    url: z.string(),
    picUrl: z.string().optional(),
  }),
  z.object({
    type: z.literal("MINIPROGRAM"),
    title: z.string(),
    appId: z.string(),
    pagePath: z.string(),
    thumbMediaId: z.string().optional(),
  }),
  /** An order or a parcel an agent sent as a card (server/commerce/cards/). */
  z.object({ type: z.literal("ORDER_CARD"), ...cardFields }),
  z.object({ type: z.literal("TRACKING_CARD"), ...cardFields, trackingNo: z.string() }),
  /** A product an agent recommended (server/recommendations/). */
  z.object({ type: z.literal("PRODUCT_CARD"), ...linkFields, sku: z.string() }),
  /** The customer tapped a menu item (OA CLICK, kf msgmenu click). */
  z.object({ type: z.literal("MENU"), menuId: z.string(), text: z.string() }),
  z.object({ type: z.literal("BUSINESS_CARD"), userId: z.string() }),
  /** A template (Official Account) or subscription (mini program) message, sent outside the window. */
  z.object({
    type: z.literal("TEMPLATE"),
    templateId: z.string(),
    title: z.string(),
    fields: z.array(z.object({ key: z.string(), label: z.string(), value: z.string() })),
    link: z.string().optional(),
    /** WeChat's msgid once sent: its TEMPLATESENDJOBFINISH event names the message by it. */
    platformMsgId: z.string().optional(),
  }),
  /** Something happened that is shown in the timeline: subscribed, entered the session, recalled… */
  z.object({
    type: z.literal("EVENT"),
    event: z.string(),
    detail: z.string().optional(),
    /** Who did it, for events in the timeline (assigned, transferred, resolved…); names as they were. */
    actor: z.object({ id: z.string(), name: z.string() }).optional(),
    /** Whom it went to: an agent or a team. */
    target: z.object({ kind: z.enum(["agent", "team"]), id: z.string(), name: z.string() }).optional(),
    note: z.string().optional(),
    /** The order an event is about (order_paid). */
    order: z.object({ orderNo: z.string(), totalFen: z.number().int() }).optional(),
    /** The coupon an event is about (coupon_issued). */
    coupon: z.object({ couponId: z.string(), amountFen: z.number().int(), minimumFen: z.number().int() }).optional(),
  }),
]);

export type MessageContent = z.infer<typeof messageContentSchema>;

/** One line for previews, search and notifications. */
export function describeContent(content: MessageContent): string {
  switch (content.type) {
    case "TEXT":
    case "MENU":
      return content.text;
    case "IMAGE":
      return "[图片]";
    case "VOICE":
      return content.recognition ? `[语音] ${content.recognition}` : "[语音]";
    case "VIDEO":
      return "[视频]";
    case "FILE":
      return content.fileName ? `[文件] ${content.fileName}` : "[文件]";
    case "LOCATION":
      return `[位置] ${content.name ?? ""} ${content.address ?? ""}`.trim();
    case "LINK":
      return `[链接] ${content.title}`;
    case "MINIPROGRAM":
      return `[小程序] ${content.title}`;
    case "BUSINESS_CARD":
      return "[名片]";
    case "ORDER_CARD":
      return `[订单] ${content.title}`;
    case "TRACKING_CARD":
      return `[物流] ${content.title}`;
    case "PRODUCT_CARD":
      return `[商品] ${content.title}`;
    case "TEMPLATE":
      return `[通知] ${content.title}：${content.fields.map((field) => `${field.label} ${field.value}`).join("；")}`;
    case "EVENT":
      return describeEvent(content);
  }
}

export type EventContent = Extract<MessageContent, { type: "EVENT" }>;

/** The timeline's system events in one line (the console renders them in the reader's language). */
function describeEvent(event: EventContent): string {
  const target = event.target?.name ?? "";
  const actor = event.actor?.name ?? "系统";
  const note = event.note ? `：${event.note}` : "";
  switch (event.event) {
    case "assigned":
      return `[分配] ${target}`;
    case "claimed":
      return `[接入] ${actor}`;
    case "transferred":
      return `[转接] ${actor} → ${target}${note}`;
    case "requeued":
      return event.detail === "agent_offline" ? `[重新排队] ${actor} 离线` : "[重新排队]";
    case "resolved":
      return `[已解决] ${actor}`;
    case "reopened":
      return `[重新打开] ${event.actor ? actor : "客户再次来信"}`;
    case "snoozed":
      return `[稍后处理] ${actor} ${event.detail ?? ""}`.trim();
    case "woke":
      return "[稍后处理到期]";
    case "bot_handoff":
      return `[机器人转人工] ${event.note ?? ""}`.trim();
    case "coupon_issued":
      return `[已发券] ${event.detail ?? ""} ¥${((event.coupon?.amountFen ?? 0) / 100).toFixed(2)}`;
    case "order_paid":
      return `[已付款] 订单 ${event.order?.orderNo ?? ""} ¥${((event.order?.totalFen ?? 0) / 100).toFixed(2)}`;
    default:
      return event.detail ? `[${event.event}] ${event.detail}` : `[${event.event}]`;
  }
}
