// Tells the customer of a parcel milestone with the template their channel turned on for parcel
// updates (Settings → Channels): a mini program's subscription message only while the customer has a
// subscription to it left (one is spent), else an Official Account's template message to a follower.
// The message is the system's, outside the reply window, in the customer's latest conversation on
// that channel, where the agents see what was sent; its client msgid is the notice's, so a retried
// job sends once. A customer no channel can tell is recorded as such.
import { renderVariables } from "../../canned-replies/render-canned-reply";
import { templateFieldsSchema } from "../../channels/templates/message-templates";
import { spendSubscription } from "../../channels/templates/template-subscriptions";
import { scheduleDelivery } from "../../conversations/deliver-outbound-message";
import { describeContent, type MessageContent } from "../../conversations/message-content";
import { toMessageDto } from "../../conversations/message-dto";
import { publishConversationChanges } from "../../conversations/publish-conversation";
import { db } from "../../db/db";
import { searchTextOf } from "../../search/tokenize";
import { carrierName } from "../carriers";
import { MILESTONE_TEXT, type ParcelMilestone } from "./parcel-milestones";

/** WeChat refuses an empty or over-long template value. */
const templateValue = (text: string) => (text.trim() === "" ? "-" : text.slice(0, 200));

export async function sendParcelNotice(noticeId: string): Promise<"sent" | "no_channel" | "skipped"> {
  const notice = await db().parcelNotice.findUnique({
    where: { id: noticeId },
    include: {
      shipment: {
        select: {
          carrier: true,
          trackingNo: true,
          lastEventText: true,
          order: { select: { orderNo: true, customerId: true, customer: { select: { name: true } } } },
        },
      },
    },
  });
  if (!notice || notice.outcome) return "skipped";
  const { shipment } = notice;
  const customerId = shipment.order.customerId;
  const candidates = await db().customerIdentity.findMany({
    where: {
      customerId,
      channelAccount: {
        enabled: true,
        kind: { in: ["MINI_PROGRAM", "OFFICIAL_ACCOUNT"] },
        templates: { some: { forParcelUpdates: true } },
      },
    },
    select: {
      externalId: true,
      channelAccount: {
        select: {
          id: true,
          kind: true,
          templates: { where: { forParcelUpdates: true }, take: 1 },
          conversations: {
            where: { customerId },
            orderBy: { lastActivityAt: "desc" },
            take: 1,
            select: { id: true },
          },
        },
      },
    },
  });
  // A subscription the customer granted says more than following an account.
  candidates.sort(
    (a, b) => (a.channelAccount.kind === "MINI_PROGRAM" ? 0 : 1) - (b.channelAccount.kind === "MINI_PROGRAM" ? 0 : 1),
  );
  const values = {
    "customer.name": shipment.order.customer.name,
    "order.no": shipment.order.orderNo,
    "parcel.carrier": carrierName(shipment.carrier, "zh"),
    "parcel.trackingno": shipment.trackingNo,
    "parcel.lastevent": shipment.lastEventText ?? "",
    "parcel.status": MILESTONE_TEXT[notice.milestone as ParcelMilestone] ?? notice.milestone,
  };
  const now = new Date();
  for (const { externalId, channelAccount } of candidates) {
    const template = channelAccount.templates[0];
    const conversationId = channelAccount.conversations[0]?.id;
    if (!template || !conversationId) continue;
    const content: MessageContent = {
      type: "TEMPLATE",
      templateId: template.templateId,
      title: template.title,
      fields: templateFieldsSchema.parse(template.fields).map((field) => ({
        key: field.key,
        label: field.label,
        value: templateValue(renderVariables(field.value || "{{parcel.status}}", values)),
      })),
      ...(template.link ? { link: renderVariables(template.link, values) } : {}),
    };
    const text = describeContent(content);
    const message = await db().$transaction(async (tx) => {
      if (
        channelAccount.kind === "MINI_PROGRAM" &&
        !(await spendSubscription(tx, {
          channelAccountId: channelAccount.id,
          openId: externalId,
          templateId: template.templateId,
        }))
      ) {
        return null;
      }
      const created = await tx.message.create({
        data: {
          conversationId,
          channelAccountId: channelAccount.id,
          direction: "OUTBOUND",
          senderKind: "SYSTEM",
          type: "TEMPLATE",
          body: content,
          text,
          searchText: searchTextOf(text),
          externalMsgId: `pn${noticeId}`,
          deliveryStatus: "PENDING",
          sentAt: now,
        },
      });
      await tx.parcelNotice.update({
        where: { id: noticeId },
        data: { outcome: "sent", sentAt: now, messageId: created.id },
      });
      return created;
    });
    if (!message) continue;
    await publishConversationChanges([{ conversationId, messages: [toMessageDto(message)] }]);
    await scheduleDelivery(conversationId, message.id);
    return "sent";
  }
  await db().parcelNotice.updateMany({ where: { id: noticeId, outcome: null }, data: { outcome: "no_channel" } });
  return "no_channel";
}
