// ref: https://developer.work.weixin.qq.com/document/path/94677 (kf/send_msg)
import { z } from "zod";
import type { ChannelAdapter } from "../channel-adapter";
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
};
/** System busy, frequency and concurrency limits: worth another try later. */
const TRANSIENT = new Set([-1, 45009, 45033]);

export const wecomAdapter: ChannelAdapter = {
  sendText(message) {
    const client = createWecomClient({ corpId: message.connection.appId, secret: message.connection.secret });
    return sendOrReject(
      () =>
        client.post(
          "/cgi-bin/kf/send_msg",
          {
            touser: message.toUser,
            open_kfid: message.openKfId,
            msgid: message.clientMsgId,
            msgtype: "text",
            text: { content: message.text },
          },
          z.object({ msgid: z.string().optional() }).loose(),
        ),
      { rejections: REJECTIONS, transient: TRANSIENT, refusedLabel: "企业微信拒绝发送 / WeCom refused" },
    );
  },
};
