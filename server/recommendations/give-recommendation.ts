// An agent acts on a recommendation in one click: a product card into the chat (a mini-program card
// where the product has a page in the brand's mini program, the shop's product page as a link card
// where SHOP_PRODUCT_URL is set, text otherwise), or a coupon issued as a remedy (its caps, approval
// and audit). Either is stored as a Recommendation with its reason, once however often the click is
// retried, for attribute-orders.ts to credit with the orders that follow.
import { z } from "zod";
import type { SessionUser } from "../auth/sessions";
import { fitBytes } from "../commerce/cards/order-card";
import { cardMiniProgramAppId, cardThumb } from "../commerce/cards/send-order-card";
import { getVisibleConversation } from "../conversations/get-visible-conversation";
import { assertReplyAllowed, clientMsgIdSchema, sendAgentOutbound } from "../conversations/send-agent-reply";
import { db } from "../db/db";
import { getConfig } from "../env";
import { AppError, localized } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { giveRemedy, type RemedyDecision } from "../remedies/give-remedy";

const reason = z.string().trim().min(1).max(200);

export const productCardSchema = z.object({ sku: z.string().min(1).max(64), reason, clientMsgId: clientMsgIdSchema });
export const recommendedCouponSchema = z.object({ couponStockId: z.string().min(1).max(64), reason });

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/** Stores what was given, once per card or remedy (`given` names it) however often the click is retried. */
function remember(
  given: { messageId: string } | { remedyId: string },
  recommendation: Omit<Prisma.RecommendationUncheckedCreateInput, "messageId" | "remedyId">,
) {
  return db().recommendation.upsert({ where: given, create: { ...recommendation, ...given }, update: {} });
}

export async function sendProductCard(
  user: SessionUser,
  conversationId: string,
  input: z.infer<typeof productCardSchema>,
) {
  let productId = "";
  const message = await sendAgentOutbound(user, conversationId, {
    clientMsgId: input.clientMsgId,
    async compose(conversation) {
      const product = await db().product.findUnique({ where: { sku: input.sku } });
      // Recommended from a catalogue read up to a minute ago: what is gone since is not sent.
      if (!product?.active || product.stock <= 0) {
        throw new AppError("CONFLICT", localized("error.productUnavailable", { sku: input.sku }));
      }
      productId = product.id;
      await assertReplyAllowed(conversation.id, new Date());
      const appId = product.miniProgramPath ? await cardMiniProgramAppId() : null;
      const shopUrl = getConfig().cards.shopProductUrl;
      const targets = {
        url: shopUrl
          ? shopUrl
              .replaceAll("{sku}", encodeURIComponent(product.sku))
              .replaceAll("%7Bsku%7D", encodeURIComponent(product.sku))
          : undefined,
        miniProgram: appId && product.miniProgramPath ? { appId, pagePath: product.miniProgramPath } : undefined,
      };
      const thumbMediaId =
        targets.url || targets.miniProgram ? await cardThumb(conversation.channelAccountId) : undefined;
      const title = fitBytes(`${product.name} ${yuan(product.priceFen)}`, 64);
      const description = fitBytes(product.description || product.tags.join(" · ") || product.name, 512);
      return {
        content: {
          type: "PRODUCT_CARD",
          title,
          description,
          sku: product.sku,
          ...targets,
          ...(thumbMediaId ? { thumbMediaId } : {}),
        },
        text: `[商品] ${title}`,
      };
    },
  });
  const { customerId } = await db().conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: { customerId: true },
  });
  // A retried send returns the stored message without composing: its product is already recorded.
  if (productId) {
    await remember(
      { messageId: message.id },
      { kind: "PRODUCT", reason: input.reason, conversationId, customerId, productId, sentById: user.id },
    );
  }
  return message;
}

export async function giveRecommendedCoupon(
  user: SessionUser,
  conversationId: string,
  input: z.infer<typeof recommendedCouponSchema>,
  ip: string | null,
): Promise<RemedyDecision> {
  const conversation = await getVisibleConversation(user, conversationId);
  const decision = await giveRemedy(
    user,
    { kind: "COUPON", conversationId, couponStockId: input.couponStockId, reason: input.reason },
    ip,
  );
  await remember(
    { remedyId: decision.remedyId },
    {
      kind: "COUPON",
      reason: input.reason,
      conversationId,
      customerId: conversation.customerId,
      couponStockId: input.couponStockId,
      sentById: user.id,
    },
  );
  return decision;
}
