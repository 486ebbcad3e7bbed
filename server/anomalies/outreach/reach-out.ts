// One click from an anomaly: the type's outreach text, filled in for this customer, order and parcel,
// sent through the open customer-service window when there is one, otherwise as the channel's
// outreach template (a template or subscription message, outside the window), otherwise refused
// with the reason. The first contact sets firstContactAt and whether the customer had written
// since the anomaly was detected; every attempt is audited with its channel and message.
import { z } from "zod";
import { recordAudit } from "../../audit/record-audit";
import type { SessionUser } from "../../auth/sessions";
import { renderVariables } from "../../canned-replies/render-canned-reply";
import { listMessageTemplates } from "../../channels/templates/message-templates";
import { describeContent, type MessageContent } from "../../conversations/message-content";
import { assertReplyAllowed, clientMsgIdSchema, sendAgentOutbound } from "../../conversations/send-agent-reply";
import { db, getDatabase } from "../../db/db";
import { AppError, localized } from "../../errors";
import { carrierName } from "../../logistics/carriers";
import { visibleAnomaliesFilter } from "../queue/visible-anomalies";
import { OUTREACH_DEFAULTS } from "./outreach-texts";

export const reachOutSchema = z.object({ clientMsgId: clientMsgIdSchema });

async function outreachTextFor(type: keyof typeof OUTREACH_DEFAULTS): Promise<string | null> {
  const { rows } = await getDatabase().sql.query<{ outreachText: string | null }>(
    `SELECT "outreachText" FROM "AnomalyRuleSetting" WHERE type = $1::text::"AnomalyType"`,
    [type],
  );
  return rows[0]?.outreachText ?? OUTREACH_DEFAULTS[type] ?? null;
}

export async function reachOut(
  user: SessionUser,
  anomalyId: string,
  input: z.infer<typeof reachOutSchema>,
  ip: string | null,
) {
  const anomaly = await db().anomaly.findFirst({
    where: { AND: [{ id: anomalyId }, visibleAnomaliesFilter(user)] },
    select: {
      id: true,
      type: true,
      status: true,
      detectedAt: true,
      firstContactAt: true,
      conversationId: true,
      customer: {
        select: {
          name: true,
          conversations: { orderBy: { lastActivityAt: "desc" }, take: 1, select: { id: true, status: true } },
        },
      },
      order: { select: { orderNo: true } },
      shipment: { select: { carrier: true, trackingNo: true, lastEventText: true } },
    },
  });
  if (!anomaly) throw new AppError("NOT_FOUND", localized("error.anomalyNotFound"));
  if (anomaly.status === "RESOLVED") throw new AppError("CONFLICT", localized("error.anomalyResolved"));
  const text = await outreachTextFor(anomaly.type);
  const conversationId = anomaly.conversationId ?? anomaly.customer?.conversations[0]?.id ?? null;
  if (!text || !anomaly.customer || !conversationId) {
    throw new AppError("CONFLICT", localized("error.outreachNoChannel"));
  }
  const variables = {
    "customer.name": anomaly.customer.name,
    "order.no": anomaly.order?.orderNo ?? "",
    "parcel.carrier": anomaly.shipment ? carrierName(anomaly.shipment.carrier, "zh") : "",
    "parcel.trackingno": anomaly.shipment?.trackingNo ?? "",
    "parcel.lastevent": anomaly.shipment?.lastEventText ?? "",
    "agent.name": user.name,
  };
  const rendered = renderVariables(text, variables);

  const now = new Date();
  const windowOpen = await assertReplyAllowed(conversationId, now).then(
    () => true,
    () => false,
  );
  let via: "window" | "template";
  let message: Awaited<ReturnType<typeof sendAgentOutbound>>;
  if (windowOpen) {
    via = "window";
    message = await sendAgentOutbound(user, conversationId, {
      clientMsgId: input.clientMsgId,
      compose: async () => ({ content: { type: "TEXT", text: rendered }, text: rendered }),
    });
  } else {
    via = "template";
    message = await sendAgentOutbound(user, conversationId, {
      clientMsgId: input.clientMsgId,
      outsideWindow: true,
      compose: async (conversation) => {
        const template = (await listMessageTemplates(conversation.channelAccountId)).find((t) => t.forOutreach);
        if (!template) throw new AppError("CONFLICT", localized("error.outreachNoChannel"));
        // Each field's default may use the same variables, and {{outreach.text}} for the whole text.
        const values = { ...variables, "outreach.text": rendered };
        const content: MessageContent = {
          type: "TEMPLATE",
          templateId: template.templateId,
          title: template.title,
          // WeChat caps a template value's length; the text field is cut rather than refused.
          fields: template.fields.map((field) => ({
            key: field.key,
            label: field.label,
            value: renderVariables(field.value, values).slice(0, 200),
          })),
          ...(template.link ? { link: template.link } : {}),
        };
        return { content, text: describeContent(content) };
      },
    });
  }

  // Whether the customer wrote in this conversation after the anomaly was detected, before this contact.
  const wroteFirst = await db().message.count({
    where: { conversationId, direction: "INBOUND", sentAt: { gte: anomaly.detectedAt, lt: now } },
  });
  await db().anomaly.updateMany({
    where: { id: anomaly.id, firstContactAt: null },
    data: { firstContactAt: now, contactedBeforeComplaint: wroteFirst === 0, conversationId },
  });
  await recordAudit({
    action: "anomaly.contacted",
    actorId: user.id,
    subjectType: "anomaly",
    subjectId: anomaly.id,
    ip,
    details: { conversationId, via, messageId: message.id },
  });
  return { message, via };
}
