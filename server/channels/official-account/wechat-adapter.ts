// ref: https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
// ref: https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/kf-mgnt/kf-message/sendCustomMessage.html
import { z } from "zod";
import { type ChannelAdapter, cardAsText, type OutboundCard, type OutboundMessage } from "../channel-adapter";
import { type RejectionTable, sendOrReject } from "../send-or-reject";
import { createWechatClient } from "./wechat-client";

const REJECTIONS: RejectionTable = {
  45015: ["WINDOW_CLOSED", "已超过 48 小时回复时限或用户已取消关注 / reply window closed or unsubscribed (45015)"],
  45047: ["QUOTA_EXHAUSTED", "超过回复条数限制 / over the reply limit (45047)"],
  40003: ["RECIPIENT_INVALID", "openid 无效 / invalid openid (40003)"],
  43004: ["RECIPIENT_INVALID", "用户未关注 / the user does not follow (43004)"],
  45002: ["REFUSED", "消息内容过长 / message too long (45002)"],
  40007: ["REFUSED", "媒体文件已失效（超过 3 天）/ the media expired (40007)"],
  40037: ["REFUSED", "模板 ID 无效 / invalid template_id (40037)"],
  43101: ["REFUSED", "用户未订阅或已拒绝该消息 / the customer has not subscribed to this message (43101)"],
  47003: ["REFUSED", "模板参数不正确 / template data invalid (47003)"],
};
/** System busy and frequency limits: worth another try later. */
const TRANSIENT = new Set([-1, 45009, 45011]);

const sendResponseSchema = z.object({ msgid: z.union([z.number(), z.string()]).optional() }).loose();
const uploadResponseSchema = z.object({ media_id: z.string().min(1).max(512) }).loose();

// ref: https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
// ref: https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html
/** Outside the window: an Official Account sends a template message, a mini program a subscription message. */
function templateRequest(kind: "OFFICIAL_ACCOUNT" | "MINI_PROGRAM", message: OutboundMessage) {
  if (message.content.type !== "TEMPLATE") throw new Error("not a template message");
  const { templateId, data, link } = message.content;
  const values = Object.fromEntries(Object.entries(data).map(([key, value]) => [key, { value }]));
  return kind === "OFFICIAL_ACCOUNT"
    ? {
        path: "/cgi-bin/message/template/send",
        // client_msg_id makes a retried send a no-op on WeChat's side.
        body: {
          touser: message.toUser,
          template_id: templateId,
          url: link,
          data: values,
          client_msg_id: message.clientMsgId,
        },
      }
    : {
        path: "/cgi-bin/message/subscribe/send",
        body: {
          touser: message.toUser,
          template_id: templateId,
          page: link,
          data: values,
          miniprogram_state: "formal",
          lang: "zh_CN",
        },
      };
}

/**
 * A card as a customer-service message (docs/wechat-protocols.md §3.6): a mini-program page where one
 * is configured (an Official Account names the mini program's AppID; a mini program opens its own
 * page), else a web page (an OA "news" article, a mini program "link"), else text.
 */
function cardBody(kind: "OFFICIAL_ACCOUNT" | "MINI_PROGRAM", card: OutboundCard) {
  if (card.miniProgram && card.thumbMediaId) {
    return {
      msgtype: "miniprogrampage",
      miniprogrampage: {
        title: card.title,
        ...(kind === "OFFICIAL_ACCOUNT" ? { appid: card.miniProgram.appId } : {}),
        pagepath: card.miniProgram.pagePath,
        thumb_media_id: card.thumbMediaId,
      },
    };
  }
  if (card.url && kind === "OFFICIAL_ACCOUNT") {
    return {
      msgtype: "news",
      news: { articles: [{ title: card.title, description: card.description, url: card.url }] },
    };
  }
  if (card.url) {
    return { msgtype: "link", link: { title: card.title, description: card.description, url: card.url } };
  }
  return { msgtype: "text", text: { content: cardAsText(card) } };
}

/** Official Accounts and mini programs share message/custom/send; neither has a "file" message. */
const createWechatAdapter = (kind: "OFFICIAL_ACCOUNT" | "MINI_PROGRAM"): ChannelAdapter => ({
  supportsTemplates: true,
  imageTypes: ["image/jpeg", "image/png", "image/gif", "image/bmp"],
  mediaKinds: ["IMAGE"],
  // ref: https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
  async uploadMedia(connection, kind, file) {
    if (kind !== "IMAGE") throw new Error("WeChat customer-service messages carry pictures only");
    const client = createWechatClient({ appId: connection.appId, secret: connection.secret });
    const { media_id } = await client.upload("/cgi-bin/media/upload", { type: "image" }, file, uploadResponseSchema);
    return media_id;
  },
  // ref: https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_temporary_materials.html
  downloadMedia(connection, mediaId, maxBytes) {
    const client = createWechatClient({ appId: connection.appId, secret: connection.secret });
    return client.download("/cgi-bin/media/get", { media_id: mediaId }, maxBytes);
  },
  send(message) {
    const client = createWechatClient({ appId: message.connection.appId, secret: message.connection.secret });
    const { content } = message;
    if (content.type === "FILE") {
      return Promise.resolve({
        status: "rejected",
        code: "REFUSED",
        reason: "公众号和小程序不能发送文件 / Official Accounts and mini programs cannot send files",
      });
    }
    const request =
      content.type === "TEMPLATE"
        ? templateRequest(kind, message)
        : {
            path: "/cgi-bin/message/custom/send",
            body: {
              touser: message.toUser,
              ...(content.type === "TEXT"
                ? { msgtype: "text", text: { content: content.text } }
                : content.type === "CARD"
                  ? cardBody(kind, content.card)
                  : { msgtype: "image", image: { media_id: content.mediaId } }),
            },
          };
    return sendOrReject(() => client.post(request.path, request.body, sendResponseSchema), {
      rejections: REJECTIONS,
      transient: TRANSIENT,
      refusedLabel: "微信拒绝发送 / WeChat refused",
      // A template message's msgid is how TEMPLATESENDJOBFINISH reports its final delivery.
      platformIdOf: (response) => {
        const msgid = sendResponseSchema.parse(response).msgid;
        return msgid === undefined ? undefined : String(msgid);
      },
    });
  },
});

export const officialAccountAdapter = createWechatAdapter("OFFICIAL_ACCOUNT");
export const miniProgramAdapter = createWechatAdapter("MINI_PROGRAM");
