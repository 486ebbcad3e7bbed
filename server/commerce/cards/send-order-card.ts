// An agent sends an order or a parcel into the chat, in one click: a card in the channel's own
// format where the brand configured where it opens (its shop's order page, its mini program's order
// page), plain text otherwise. It is a reply like any other: it spends the reply window.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import type { SessionUser } from "../../auth/sessions";
import { getChannelConnection } from "../../channels/accounts/get-callback-account";
import { channelAdapters } from "../../channels/registry";
import { assertReplyAllowed, clientMsgIdSchema, sendAgentOutbound } from "../../conversations/send-agent-reply";
import { db } from "../../db/db";
import { getConfig } from "../../env";
import { AppError, localized } from "../../errors";
import { getOrder } from "../orders/get-order";
import { orderCardText, trackingCardText } from "./order-card";

export const sendCardSchema = z.object({
  orderNo: z.string().min(1).max(64),
  kind: z.enum(["order", "tracking"]),
  /** Which parcel, for a tracking card; the order's latest when omitted. */
  trackingNo: z.string().min(1).max(64).optional(),
  clientMsgId: clientMsgIdSchema,
});
export type SendCardInput = z.infer<typeof sendCardSchema>;

/** Temporary media lasts 3 days at WeChat: a thumbnail uploaded is reused for a little less. */
const THUMB_REUSE_MS = 60 * 3600_000;
const thumbs = new Map<string, { mediaId: string; until: number }>();

/** The picture a card carries, uploaded to the channel (reused while WeChat keeps it). */
export async function cardThumb(channelAccountId: string): Promise<string> {
  const kept = thumbs.get(channelAccountId);
  if (kept && kept.until > Date.now()) return kept.mediaId;
  const { connection, kind } = await getChannelConnection(channelAccountId);
  const path = resolve(getConfig().cards.thumbPath ?? "assets/card-thumb.png");
  const bytes = await readFile(path);
  const mediaId = await channelAdapters[kind].uploadMedia(connection, "IMAGE", {
    bytes,
    fileName: "card.png",
    contentType: path.endsWith(".png") ? "image/png" : "image/jpeg",
  });
  thumbs.set(channelAccountId, { mediaId, until: Date.now() + THUMB_REUSE_MS });
  return mediaId;
}

const fill = (template: string, orderNo: string) =>
  template
    .replaceAll("{orderNo}", encodeURIComponent(orderNo))
    .replaceAll("%7BorderNo%7D", encodeURIComponent(orderNo));

/** The brand's mini program, whose pages cards open. */
export async function cardMiniProgramAppId(): Promise<string | null> {
  const miniProgram = await db().channelAccount.findFirst({
    where: { kind: "MINI_PROGRAM", enabled: true },
    orderBy: { createdAt: "asc" },
    select: { appId: true },
  });
  return miniProgram?.appId ?? null;
}

/** Where a card opens: the shop's web page and/or the mini program's page, as configured. */
async function cardTargets(orderNo: string) {
  const { shopOrderUrl, miniProgramOrderPage } = getConfig().cards;
  const appId = miniProgramOrderPage ? await cardMiniProgramAppId() : null;
  return {
    url: shopOrderUrl ? fill(shopOrderUrl, orderNo) : undefined,
    miniProgram: appId && miniProgramOrderPage ? { appId, pagePath: fill(miniProgramOrderPage, orderNo) } : undefined,
  };
}

export function sendOrderCard(user: SessionUser, conversationId: string, input: SendCardInput) {
  return sendAgentOutbound(user, conversationId, {
    clientMsgId: input.clientMsgId,
    async compose(conversation) {
      const { customerId } = await db().conversation.findUniqueOrThrow({
        where: { id: conversation.id },
        select: { customerId: true },
      });
      const order = await getOrder(input.orderNo);
      // Only the customer's own order goes into their chat.
      if (order.customer.id !== customerId) throw new AppError("NOT_FOUND", localized("error.orderNotFound"));
      const shipment =
        input.kind === "tracking"
          ? input.trackingNo
            ? order.shipments.find((candidate) => candidate.trackingNo === input.trackingNo)
            : order.shipments.at(-1)
          : undefined;
      if (input.kind === "tracking" && !shipment) {
        throw new AppError("NOT_FOUND", localized("error.shipmentNotFound"));
      }
      // Before the thumbnail's upload: a card the window refuses is refused at once.
      await assertReplyAllowed(conversation.id, new Date());
      const text = shipment ? trackingCardText(order, shipment) : orderCardText(order);
      const targets = await cardTargets(order.orderNo);
      const thumbMediaId =
        targets.url || targets.miniProgram ? await cardThumb(conversation.channelAccountId) : undefined;
      const card = { ...text, orderNo: order.orderNo, ...targets, ...(thumbMediaId ? { thumbMediaId } : {}) };
      return shipment
        ? {
            content: { type: "TRACKING_CARD", ...card, trackingNo: shipment.trackingNo },
            text: `[物流] ${text.title}`,
          }
        : { content: { type: "ORDER_CARD", ...card }, text: `[订单] ${text.title}` };
    },
  });
}
