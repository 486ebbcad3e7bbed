// ref: https://developer.work.weixin.qq.com/document/path/94677 (kf/send_msg)
import { z } from "zod";
import { type ChannelAdapter, cardAsText, type OutboundContent } from "../channel-adapter";
import { type RejectionTable, sendOrReject } from "../send-or-reject";
import { createWecomClient } from "./wecom-client";

const REJECTIONS: RejectionTable = {
  95001: ["QUOTA_EXHAUSTED", "超过 5 条回复限制 / over the 5-reply limit (95001)"],
  95002: ["WINDOW_CLOSED", "已超过 48 小时回复时限 / past the 48-hour reply window (95002)"],
  95013: ["SESSION_STATE", "会话已结束 / the session has ended (95013)"],
  95018: ["SESSION_STATE", "会话状态不允许发送（已由人工接待或已结束）/ session state does not allow sending (95018)"],
  95000: ["RECIPIENT_INVALID", "客服帐号无效 / invalid kf account (95000)"],
  95004: ["RECIPIENT_INVALID", "客服帐号不存在 / kf account not found (95004)"],
  40096: ["RECIPIENT_INVALID", "客户不存在 / unknown customer (40096)"],
  40007: ["REFUSED", "媒体文件已失效（超过 3 天）/ the media expired (40007)"],
};
/** System busy, frequency and concurrency limits: worth another try later. */
const TRANSIENT = new Set([-1, 45009, 45033]);

const uploadResponseSchema = z.object({ media_id: z.string().min(1).max(512) }).loose();

/** The send_msg body for each kind of content. */
function messageBody(content: OutboundContent) {
  switch (content.type) {
    case "TEXT":
      return { msgtype: "text", text: { content: content.text } };
    case "IMAGE":
      return { msgtype: "image", image: { media_id: content.mediaId } };
    case "FILE":
      return { msgtype: "file", file: { media_id: content.mediaId } };
    case "TEMPLATE":
      throw new Error("WeCom kf has no template messages");
    case "CARD": {
      const { card } = content;
      if (card.thumbMediaId && card.miniProgram) {
        return {
          msgtype: "miniprogram",
          miniprogram: {
            appid: card.miniProgram.appId,
            title: card.title,
            thumb_media_id: card.thumbMediaId,
            pagepath: card.miniProgram.pagePath,
          },
        };
      }
      if (card.thumbMediaId && card.url) {
        return {
          msgtype: "link",
          link: { title: card.title, desc: card.description, url: card.url, thumb_media_id: card.thumbMediaId },
        };
      }
      return { msgtype: "text", text: { content: cardAsText(card) } };
    }
  }
}

export const wecomAdapter: ChannelAdapter = {
  // Once a kf session's 48 hours are over, only the customer can start again.
  supportsTemplates: false,
  imageTypes: ["image/jpeg", "image/png"],
  mediaKinds: ["IMAGE", "FILE"],
  // ref: https://developer.work.weixin.qq.com/document/path/90253 (media/upload)
  async uploadMedia(connection, kind, file) {
    const client = createWecomClient({ corpId: connection.appId, secret: connection.secret });
    const { media_id } = await client.upload(
      "/cgi-bin/media/upload",
      { type: kind === "IMAGE" ? "image" : "file" },
      file,
      uploadResponseSchema,
    );
    return media_id;
  },
  // ref: https://developer.work.weixin.qq.com/document/path/90254 (media/get)
  downloadMedia(connection, mediaId, maxBytes) {
    const client = createWecomClient({ corpId: connection.appId, secret: connection.secret });
    return client.download("/cgi-bin/media/get", { media_id: mediaId }, maxBytes);
  },
  send(message) {
    const client = createWecomClient({ corpId: message.connection.appId, secret: message.connection.secret });
    // ref: https://developer.work.weixin.qq.com/document/path/95122 (send_msg_on_event)
    const request = message.eventCode
      ? {
          path: "/cgi-bin/kf/send_msg_on_event",
          body: { code: message.eventCode, msgid: message.clientMsgId, ...messageBody(message.content) },
        }
      : {
          path: "/cgi-bin/kf/send_msg",
          body: {
            touser: message.toUser,
            open_kfid: message.openKfId,
            msgid: message.clientMsgId,
            ...messageBody(message.content),
          },
        };
    return sendOrReject(
      () => client.post(request.path, request.body, z.object({ msgid: z.string().optional() }).loose()),
      { rejections: REJECTIONS, transient: TRANSIENT, refusedLabel: "企业微信拒绝发送 / WeCom refused" },
    );
  },
};
