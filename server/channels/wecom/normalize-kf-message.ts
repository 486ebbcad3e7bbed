// ref: https://developer.work.weixin.qq.com/document/path/94670 (kf sync_msg: message and event types)
// One sync_msg item → what it means for LoopDesk. origin 3 = the customer, 5 = a servicer in the
// WeCom app, 4 = a system event (its user fields live inside `event`).
import { z } from "zod";
import type { InboundMessage } from "../../conversations/inbound-message";
import type { MessageContent } from "../../conversations/message-content";

const str = (max: number) => z.string().max(max);
const mediaId = z.object({ media_id: str(256) });

export const kfItemSchema = z
  .object({
    msgid: str(128).min(1),
    open_kfid: str(64).min(1),
    external_userid: str(128).optional(),
    send_time: z.number().int().nonnegative(),
    origin: z.number().int(),
    servicer_userid: str(128).optional(),
    msgtype: str(64).min(1),
  })
  .loose();
export type KfItem = z.infer<typeof kfItemSchema>;

const contentSchemas = {
  text: z.object({ content: str(8192), menu_id: str(128).optional() }),
  image: mediaId,
  voice: mediaId,
  video: mediaId,
  file: mediaId,
  location: z.object({
    latitude: z.number(),
    longitude: z.number(),
    name: str(512).optional(),
    address: str(1024).optional(),
  }),
  link: z.object({ title: str(512), desc: str(2048).optional(), url: str(2048), pic_url: str(2048).optional() }),
  miniprogram: z.object({ appid: str(64), title: str(512), thumb_media_id: str(256).optional(), pagepath: str(2048) }),
  business_card: z.object({ userid: str(128) }),
};

const eventSchema = z
  .object({
    event_type: str(64),
    open_kfid: str(64).optional(),
    external_userid: str(128).optional(),
    scene: str(128).optional(),
    welcome_code: str(256).optional(),
    fail_msgid: str(128).optional(),
    fail_type: z.number().int().optional(),
    change_type: z.number().int().optional(),
    new_servicer_userid: str(128).optional(),
    msg_code: str(256).optional(),
    recall_msgid: str(128).optional(),
  })
  .loose();

/** Why WeCom could not deliver a message we sent (msg_send_fail fail_type). */
export const KF_FAIL_REASONS: Record<number, string> = {
  0: "未知原因 / unknown",
  1: "客服帐号已删除 / kf account deleted",
  2: "应用已关闭 / app closed",
  4: "会话已过期（超过 48 小时）/ session expired (48 h)",
  5: "会话已关闭 / session closed",
  6: "超过 5 条限制 / over the 5-message limit",
  7: "未绑定视频号 / channels not bound",
  8: "主体未验证 / entity unverified",
  9: "未绑定视频号且主体未验证 / channels not bound and entity unverified",
  10: "用户拒收 / customer rejected messages",
  11: "企业未有成员登录企业微信 / no member signed in to WeCom",
  12: "该消息类型已被禁止 / message type forbidden",
};

export type KfEffect =
  | { kind: "message"; message: Omit<InboundMessage, "channelAccountId" | "profile"> }
  | { kind: "send_failed"; failedMsgId: string; reason: string }
  | { kind: "session_changed"; externalUserId: string; changeType: number; servicerUserId?: string }
  /** A servicer wrote from the WeCom app (origin 5): shown in the timeline as already sent. */
  | {
      kind: "servicer_message";
      externalUserId: string;
      externalMsgId: string;
      sentAt: Date;
      servicerUserId?: string;
      content: MessageContent;
    }
  | { kind: "ignored"; reason: string };

function content(item: KfItem): MessageContent {
  const raw = item[item.msgtype];
  switch (item.msgtype) {
    case "text": {
      const { content: text, menu_id: menuId } = contentSchemas.text.parse(raw);
      return menuId ? { type: "MENU", menuId, text } : { type: "TEXT", text };
    }
    case "image":
      return { type: "IMAGE", mediaId: mediaId.parse(raw).media_id };
    case "voice":
      return { type: "VOICE", mediaId: mediaId.parse(raw).media_id, format: "amr" };
    case "video":
      return { type: "VIDEO", mediaId: mediaId.parse(raw).media_id };
    case "file":
      return { type: "FILE", mediaId: mediaId.parse(raw).media_id };
    case "location": {
      const location = contentSchemas.location.parse(raw);
      return {
        type: "LOCATION",
        latitude: location.latitude,
        longitude: location.longitude,
        name: location.name,
        address: location.address,
      };
    }
    case "link": {
      const link = contentSchemas.link.parse(raw);
      return { type: "LINK", title: link.title, description: link.desc, url: link.url, picUrl: link.pic_url };
    }
    case "miniprogram": {
      const card = contentSchemas.miniprogram.parse(raw);
      return {
        type: "MINIPROGRAM",
        title: card.title,
        appId: card.appid,
        pagePath: card.pagepath,
        thumbMediaId: card.thumb_media_id,
      };
    }
    case "business_card":
      return { type: "BUSINESS_CARD", userId: contentSchemas.business_card.parse(raw).userid };
    default:
      // Newer types (channels_shop_product, merged_msg, …) are shown as what they are, not dropped.
      return { type: "EVENT", event: item.msgtype };
  }
}

/** A system event shown in the customer's timeline (entered the session, recalled a message…). */
function timelineEvent(item: KfItem, externalUserId: string | undefined, event: string, detail?: string): KfEffect {
  if (!externalUserId) return { kind: "ignored", reason: `${event} without a customer` };
  return {
    kind: "message",
    message: {
      externalUserId,
      externalMsgId: item.msgid,
      sentAt: new Date(item.send_time * 1000),
      content: { type: "EVENT", event, detail },
      window: null,
    },
  };
}

export function normalizeKfItem(item: KfItem): KfEffect {
  const sentAt = new Date(item.send_time * 1000);
  if (item.msgtype === "event") {
    const event = eventSchema.parse(item.event);
    const externalUserId = event.external_userid;
    switch (event.event_type) {
      case "enter_session":
        return timelineEvent(item, externalUserId, "entered_session", event.scene);
      case "user_recall_msg":
        return timelineEvent(item, externalUserId, "recalled", event.recall_msgid);
      case "msg_send_fail":
        return {
          kind: "send_failed",
          failedMsgId: event.fail_msgid ?? "",
          reason: KF_FAIL_REASONS[event.fail_type ?? 0] ?? `fail_type ${event.fail_type}`,
        };
      case "session_status_change":
        if (!externalUserId) return { kind: "ignored", reason: "session change without a customer" };
        return {
          kind: "session_changed",
          externalUserId,
          changeType: event.change_type ?? 0,
          servicerUserId: event.new_servicer_userid,
        };
      default:
        return { kind: "ignored", reason: `event ${event.event_type}` };
    }
  }
  if (!item.external_userid) return { kind: "ignored", reason: "message without a customer" };
  if (item.origin === 5) {
    return {
      kind: "servicer_message",
      externalUserId: item.external_userid,
      externalMsgId: item.msgid,
      sentAt,
      servicerUserId: item.servicer_userid,
      content: content(item),
    };
  }
  if (item.origin !== 3) return { kind: "ignored", reason: `origin ${item.origin}` };
  return {
    kind: "message",
    message: {
      externalUserId: item.external_userid,
      externalMsgId: item.msgid,
      sentAt,
      content: content(item),
      window: { kind: "MESSAGE" },
    },
  };
}
