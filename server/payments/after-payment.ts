// What follows payments applied to their orders, whoever found them (notifications or the query
// job): an order_paid event in the timeline of each of the customer's open conversations, the
// payment reply window on an Official Account conversation of the AppID paid for
// (docs/wechat-protocols.md §3.4: unlimited replies for 48 h), the mini-program shipping work, and
// the customer's sidebar told. Set-based, like the payments: a batch costs the same few statements.
import { noteAnomalySubjects } from "../anomalies/note-subjects";
import { publishOrderUpdate } from "../commerce/orders/customer-orders";
import { publishConversationChanges } from "../conversations/publish-conversation";
import { applyWindowGrant } from "../conversations/reply-window";
import { insertTimelineEvents } from "../conversations/timeline-events";
import type { SqlConnection } from "../db/sql-connection";
import { getConfig } from "../env";
import type { ReplyWindowKind } from "../generated/prisma/enums";
import { runInBackground } from "../jobs/background-work";
import { enqueue } from "../jobs/enqueue";
import { deliverWebhooksSoon } from "../webhooks/deliver-webhooks";
import { emitWebhookEvents } from "../webhooks/webhook-events";
import type { PaidOrder } from "./apply-payment";

type OpenConversation = {
  id: string;
  customerId: string;
  replyWindowKind: ReplyWindowKind | null;
  replyWindowExpiresAt: Date | null;
  replyWindowRemaining: number | null;
  kind: string;
  appId: string;
};

/** The reply window each Official Account conversation gets from a payment to its AppID. */
async function grantPaymentWindows(
  tx: SqlConnection,
  conversations: OpenConversation[],
  paid: PaidOrder[],
  now: Date,
): Promise<void> {
  const grants: { id: string; kind: ReplyWindowKind; expiresAt: string; remaining: number | null; openedAt: string }[] =
    [];
  for (const conversation of conversations) {
    if (conversation.kind !== "OFFICIAL_ACCOUNT") continue;
    for (const order of paid) {
      if (order.customerId !== conversation.customerId || order.appId !== conversation.appId) continue;
      const current =
        conversation.replyWindowKind && conversation.replyWindowExpiresAt
          ? {
              kind: conversation.replyWindowKind,
              expiresAt: conversation.replyWindowExpiresAt,
              remaining: conversation.replyWindowRemaining,
            }
          : null;
      const window = applyWindowGrant(current, { kind: "PAYMENT" }, order.paidAt);
      if (!window) continue;
      grants.push({
        id: conversation.id,
        kind: window.kind,
        expiresAt: window.expiresAt.toISOString(),
        remaining: window.remaining,
        openedAt: order.paidAt.toISOString(),
      });
      break;
    }
  }
  if (grants.length === 0) return;
  await tx.query(
    `UPDATE "Conversation" c SET "replyWindowKind" = g.kind::"ReplyWindowKind", "replyWindowExpiresAt" = g.expires,
       "replyWindowRemaining" = g.remaining, "replyWindowOpenedAt" = g.opened, "updatedAt" = $6
     FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[], $5::timestamptz[])
       AS g(id, kind, expires, remaining, opened)
     WHERE c.id = g.id`,
    [
      grants.map((g) => g.id),
      grants.map((g) => g.kind),
      grants.map((g) => g.expiresAt),
      grants.map((g) => g.remaining),
      grants.map((g) => g.openedAt),
      now.toISOString(),
    ],
  );
}

/**
 * Inside the payments' transaction: the timeline events and reply windows. Returns what runs after
 * it commits (jobs, agents' screens, sidebars).
 */
export async function recordPayments(tx: SqlConnection, paid: PaidOrder[], now: Date): Promise<() => Promise<void>> {
  if (paid.length === 0) return async () => {};
  const { rows: conversations } = await tx.query<OpenConversation>(
    `SELECT c.id, c."customerId", c."replyWindowKind", c."replyWindowExpiresAt", c."replyWindowRemaining", a.kind,
       a."appId"
     FROM "Conversation" c JOIN "ChannelAccount" a ON a.id = c."channelAccountId"
     WHERE c."customerId" = ANY($1::text[]) AND c."activeKey" IS NOT NULL`,
    [[...new Set(paid.map((order) => order.customerId))]],
  );
  await grantPaymentWindows(tx, conversations, paid, now);
  const events = await insertTimelineEvents(
    tx,
    paid.flatMap((order) =>
      conversations
        .filter((conversation) => conversation.customerId === order.customerId)
        .map((conversation) => ({
          conversationId: conversation.id,
          content: {
            type: "EVENT" as const,
            event: "order_paid",
            order: { orderNo: order.orderNo, totalFen: order.totalFen },
          },
        })),
    ),
    now,
  );
  await emitWebhookEvents(
    tx,
    paid.map((order) => ({
      type: "order.paid",
      subjectKey: `order:${order.orderId}`,
      data: {
        orderNo: order.orderNo,
        totalFen: order.totalFen,
        paidAt: order.paidAt.toISOString(),
        customerId: order.customerId,
      },
    })),
    now,
  );
  const miniProgramOrders = paid.filter((order) => order.channel === "mini-program").map((order) => order.orderId);
  const { rows: shipped } = miniProgramOrders.length
    ? await tx.query<{ orderId: string }>(
        `SELECT DISTINCT "orderId" FROM "Shipment" WHERE "orderId" = ANY($1::text[])`,
        [miniProgramOrders],
      )
    : { rows: [] };

  return async () => {
    // The sidebars first: the order's new status is what the agent is waiting to see.
    for (const order of paid) {
      publishOrderUpdate(
        { customerId: order.customerId, orderNo: order.orderNo, status: "PAID" },
        conversations.filter((c) => c.customerId === order.customerId).map((c) => c.id),
      );
    }
    deliverWebhooksSoon();
    // A payment found late (the query, hours on) may already be overdue for shipping.
    runInBackground(() => noteAnomalySubjects({ orderIds: paid.map((order) => order.orderId) }));
    const hasShipments = new Set(shipped.map((row) => row.orderId));
    // One job per order at a time (singletonKey): a second upload would spend WeChat's re-shipment.
    for (const orderId of miniProgramOrders) {
      // The ERP reported the parcel before the payment was heard of: its shipping info can go now.
      if (hasShipments.has(orderId))
        await enqueue("logistics.upload-shipping-info", { orderId }, { singletonKey: orderId });
      // Without an ERP, WeChat's logistics assistant makes the waybill.
      else if (getConfig().wechatLogistics)
        await enqueue("logistics.create-waybill", { orderId }, { singletonKey: orderId });
    }
    await publishConversationChanges(
      [...new Set(events.map((event) => event.conversationId))].map((conversationId) => ({
        conversationId,
        messages: events.filter((event) => event.conversationId === conversationId),
      })),
    );
  };
}
