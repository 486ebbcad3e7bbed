// ref: https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
// ref: https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/kf-mgnt/kf-message/sendCustomMessage.html
import { z } from "zod";
import type { ChannelAdapter } from "../channel-adapter";
import { type RejectionTable, sendOrReject } from "../send-or-reject";
import { createWechatClient } from "./wechat-client";

const REJECTIONS: RejectionTable = {
  45015: ["WINDOW_CLOSED", "已超过 48 小时回复时限或用户已取消关注 / reply window closed or unsubscribed (45015)"],
  45047: ["QUOTA_EXHAUSTED", "超过回复条数限制 / over the reply limit (45047)"],
  40003: ["RECIPIENT_INVALID", "openid 无效 / invalid openid (40003)"],
  43004: ["RECIPIENT_INVALID", "用户未关注 / the user does not follow (43004)"],
  45002: ["REFUSED", "消息内容过长 / message too long (45002)"],
  40007: ["REFUSED", "媒体文件已失效（超过 3 天）/ the media expired (40007)"],
};
/** System busy and frequency limits: worth another try later. */
const TRANSIENT = new Set([-1, 45009, 45011]);

const uploadResponseSchema = z.object({ media_id: z.string().min(1).max(512) }).loose();

/** Official Accounts and mini programs share message/custom/send; neither has a "file" message. */
export const wechatAdapter: ChannelAdapter = {
  imageTypes: ["image/jpeg", "image/png", "image/gif", "image/bmp"],
  mediaKinds: ["IMAGE"],
  // ref: https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
  async uploadMedia(connection, kind, file) {
    if (kind !== "IMAGE") throw new Error("WeChat customer-service messages carry pictures only");
    const client = createWechatClient({ appId: connection.appId, secret: connection.secret });
    const { media_id } = await client.upload("/cgi-bin/media/upload", { type: "image" }, file, uploadResponseSchema);
    return media_id;
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
    const body =
      content.type === "TEXT"
        ? { msgtype: "text", text: { content: content.text } }
        : { msgtype: "image", image: { media_id: content.mediaId } };
    return sendOrReject(
      () => client.post("/cgi-bin/message/custom/send", { touser: message.toUser, ...body }, z.object({}).loose()),
      { rejections: REJECTIONS, transient: TRANSIENT, refusedLabel: "微信拒绝发送 / WeChat refused" },
    );
  },
};
