// ref: https://developer.work.weixin.qq.com/document/path/94669 (service_state/trans → 4)
// ref: https://developer.work.weixin.qq.com/document/path/95122 (send_msg_on_event)
// A resolved kf conversation ends its WeCom session (state 4). The transition hands out a msg_code
// good for one message within 20 s: the agent's closing message goes out with it, outside the
// 5-per-message quota. Retries skip what is done; an expired code fails the message visibly.
import { z } from "zod";
import { PlatformApiError } from "../../channels/platform-client";
import { findKfSession, serviceStateSchema, transResultSchema } from "../../channels/wecom/kf-session";
import { toMessageDto } from "../../conversations/message-dto";
import { db } from "../../db/db";
import { publish } from "../../realtime/publish";
import { searchTextOf } from "../../search/tokenize";
import { defineJob } from "../define-job";

export const wecomEndSessionJob = defineJob({
  id: "wecom.end-session",
  schema: z.object({
    conversationId: z.string().min(1),
    closingMessage: z.string().optional(),
    senderUserId: z.string().optional(),
  }),
  retry: { limit: 2, delaySeconds: 2, backoff: false },
  expireInSeconds: 60,
  async handler({ conversationId, closingMessage, senderUserId }, { log }) {
    const kf = await findKfSession(conversationId);
    if (!kf) return;
    const { service_state: state } = await kf.client.post(
      "/cgi-bin/kf/service_state/get",
      kf.session,
      serviceStateSchema,
    );
    if (state === 4) {
      await db().conversation.update({ where: { id: conversationId }, data: { wecomServiceState: 4 } });
      return;
    }
    const { msg_code: code } = await kf.client.post(
      "/cgi-bin/kf/service_state/trans",
      { ...kf.session, service_state: 4 },
      transResultSchema,
    );
    await db().conversation.update({ where: { id: conversationId }, data: { wecomServiceState: 4 } });
    if (!closingMessage) return;
    const conversation = await db().conversation.findUniqueOrThrow({
      where: { id: conversationId },
      select: { channelAccountId: true },
    });
    const message = await db().message.create({
      data: {
        conversationId,
        channelAccountId: conversation.channelAccountId,
        direction: "OUTBOUND",
        senderKind: "AGENT",
        senderUserId: senderUserId ?? null,
        type: "TEXT",
        body: { type: "TEXT", text: closingMessage },
        text: closingMessage,
        searchText: searchTextOf(closingMessage),
        externalMsgId: `end${conversationId}`.slice(0, 32),
        deliveryStatus: "PENDING",
      },
    });
    publish.toConversation(conversationId, "message.created", toMessageDto(message));
    let outcome: { deliveryStatus: "SENT" | "FAILED"; failureReason?: string };
    if (!code) {
      outcome = { deliveryStatus: "FAILED", failureReason: "WeCom gave no message code for the end of the session" };
    } else {
      try {
        await kf.client.post(
          "/cgi-bin/kf/send_msg_on_event",
          { code, msgid: message.externalMsgId, msgtype: "text", text: { content: closingMessage } },
          z.object({}).loose(),
        );
        outcome = { deliveryStatus: "SENT" };
      } catch (error) {
        if (!(error instanceof PlatformApiError)) throw error;
        log.warn({ err: error, conversationId }, "closing message refused");
        outcome = { deliveryStatus: "FAILED", failureReason: `${error.errcode}: ${error.errmsg}` };
      }
    }
    const updated = await db().message.update({ where: { id: message.id }, data: outcome });
    publish.toConversation(conversationId, "message.updated", toMessageDto(updated));
  },
});
