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
};
/** System busy and frequency limits: worth another try later. */
const TRANSIENT = new Set([-1, 45009, 45011]);

/** Official Accounts and mini programs share message/custom/send. */
export const wechatAdapter: ChannelAdapter = {
  sendText(message) {
    const client = createWechatClient({ appId: message.connection.appId, secret: message.connection.secret });
    return sendOrReject(
      () =>
        client.post(
          "/cgi-bin/message/custom/send",
          { touser: message.toUser, msgtype: "text", text: { content: message.text } },
          z.object({}).loose(),
        ),
      { rejections: REJECTIONS, transient: TRANSIENT, refusedLabel: "微信拒绝发送 / WeChat refused" },
    );
  },
};
