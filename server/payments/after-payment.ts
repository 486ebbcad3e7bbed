// What follows a payment applied to its order, whoever found it (a notification or the query job):
// an order_paid event in the timeline of each of the customer's open conversations, the payment
// reply window on an Official Account conversation of the AppID paid for (docs/wechat-protocols.md
// §3.4: unlimited replies for 48 h), and the customer's sidebar told.
import { publishOrderUpdate } from "../commerce/orders/customer-orders";
import { publishConversationChanges } from "../conversations/publish-conversation";
import { applyWindowGrant } from "../conversations/reply-window";
import { insertTimelineEvents } from "../conversations/timeline-events";
import { getDatabase } from "../db/db";
import { getConfig } from "../env";
import type { ReplyWindowKind } from "../generated/prisma/enums";
import { enqueue } from "../jobs/enqueue";

export async function afterPayment(options: { orderId: string; paidAt: Date; appId: string }): Promise<void> {
  // Plain SQL: this runs for every payment, beside the chat's own hot path.
  const sql = getDatabase().sql;
  const { rows: orders } = await sql.query<{
    orderNo: string;
    totalFen: number;
    customerId: string;
    channel: string | null;
    hasShipments: boolean;
  }>(
    `SELECT "orderNo", "totalFen", "customerId", channel,
       EXISTS (SELECT 1 FROM "Shipment" WHERE "orderId" = $1) AS "hasShipments"
     FROM "Order" WHERE id = $1`,
    [options.orderId],
  );
  const order = orders[0];
  if (!order) return;
  // One job per order at a time (singletonKey): a second upload would spend WeChat's re-shipment.
  if (order.channel === "mini-program") {
    // The ERP reported the parcel before the payment was heard of: its shipping info can go now.
    if (order.hasShipments)
      await enqueue("logistics.upload-shipping-info", { orderId: options.orderId }, { singletonKey: options.orderId });
    // Without an ERP, WeChat's logistics assistant makes the waybill.
    else if (getConfig().wechatLogistics)
      await enqueue("logistics.create-waybill", { orderId: options.orderId }, { singletonKey: options.orderId });
  }
  const { rows: conversations } = await sql.query<{
    id: string;
    replyWindowKind: ReplyWindowKind | null;
    replyWindowExpiresAt: Date | null;
    replyWindowRemaining: number | null;
    kind: string;
    appId: string;
  }>(
    `SELECT c.id, c."replyWindowKind", c."replyWindowExpiresAt", c."replyWindowRemaining", a.kind, a."appId"
     FROM "Conversation" c JOIN "ChannelAccount" a ON a.id = c."channelAccountId"
     WHERE c."customerId" = $1 AND c."activeKey" IS NOT NULL`,
    [order.customerId],
  );
  if (conversations.length > 0) {
    const now = new Date();
    const events = await getDatabase().transaction(async (tx) => {
      for (const conversation of conversations) {
        const { kind, appId } = conversation;
        if (kind !== "OFFICIAL_ACCOUNT" || appId !== options.appId) continue;
        const current =
          conversation.replyWindowKind && conversation.replyWindowExpiresAt
            ? {
                kind: conversation.replyWindowKind,
                expiresAt: conversation.replyWindowExpiresAt,
                remaining: conversation.replyWindowRemaining,
              }
            : null;
        const window = applyWindowGrant(current, { kind: "PAYMENT" }, options.paidAt);
        if (!window) continue;
        await tx.query(
          `UPDATE "Conversation" SET "replyWindowKind" = $2::"ReplyWindowKind", "replyWindowExpiresAt" = $3,
             "replyWindowRemaining" = $4, "replyWindowOpenedAt" = $5, "updatedAt" = $6 WHERE id = $1`,
          [
            conversation.id,
            window.kind satisfies ReplyWindowKind,
            window.expiresAt.toISOString(),
            window.remaining,
            options.paidAt.toISOString(),
            now.toISOString(),
          ],
        );
      }
      return insertTimelineEvents(
        tx,
        conversations.map((conversation) => ({
          conversationId: conversation.id,
          content: { type: "EVENT", event: "order_paid", order: { orderNo: order.orderNo, totalFen: order.totalFen } },
        })),
        now,
      );
    });
    await publishConversationChanges(
      conversations.map((conversation) => ({
        conversationId: conversation.id,
        messages: events.filter((event) => event.conversationId === conversation.id),
      })),
    );
  }
  publishOrderUpdate(
    { customerId: order.customerId, orderNo: order.orderNo, status: "PAID" },
    conversations.map((conversation) => conversation.id),
  );
}
