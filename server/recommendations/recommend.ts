// What the sidebar recommends for a conversation, each with its reason. Products: the ones whose
// words the customer used (their name's words, their tags), then, for a repeat buyer, others of the
// kinds they bought, and for a pre-sale question with nothing named, the best sellers; never one out
// of stock or switched off. Coupons, by rule: compensation for a customer with an open anomaly, a
// nudge for a pre-sale customer hesitating over price, thanks to a repeat customer; only stocks the
// agent may give on their own (within their remedy cap per remedy), and issuing them is a remedy
// like any other (caps, approval, audit).
import { createHash } from "node:crypto";
import type { SessionUser } from "../auth/sessions";
import { getVisibleConversation } from "../conversations/get-visible-conversation";
import { db } from "../db/db";
import { limitsFor } from "../remedies/remedy-limits";
import { type CatalogProduct, productCatalog, termsOf } from "./product-catalog";

const SHOWN = 3;
/** The customer's latest messages read for what they want. */
const RECENT_MESSAGES = 20;
/** Words of price, deals and doubt: the customer is weighing it up. */
const HESITATING = /贵|便宜|优惠|打折|折扣|考虑|犹豫|再看看|划算|降价|活动|能少|包邮吗|券/;

export type ProductRecommendation = {
  productId: string;
  sku: string;
  name: string;
  priceFen: number;
  stock: number;
  reason: string;
};
export type CouponRecommendation = {
  couponStockId: string;
  name: string;
  amountFen: number;
  minimumFen: number;
  reason: string;
};

type Facts = {
  text: string;
  intent: string | null;
  boughtProductIds: Set<string>;
  paidOrders: number;
  paidRecently: boolean;
  openAnomalies: number;
};

async function factsOf(conversationId: string, customerId: string): Promise<Facts> {
  const since = new Date(Date.now() - 30 * 86_400_000);
  const [messages, conversation, bought, orders] = await Promise.all([
    db().message.findMany({
      where: { conversationId, direction: "INBOUND", text: { not: null } },
      orderBy: { sentAt: "desc" },
      take: RECENT_MESSAGES,
      select: { text: true },
    }),
    db().conversation.findUniqueOrThrow({
      where: { id: conversationId },
      select: { intent: true, customer: { select: { openAnomalyCount: true } } },
    }),
    db().orderItem.findMany({
      where: { order: { customerId, paidAt: { not: null } }, productId: { not: null } },
      select: { productId: true },
      take: 200,
    }),
    db().order.findMany({
      where: { customerId, paidAt: { not: null } },
      select: { paidAt: true },
      orderBy: { paidAt: "desc" },
      take: 50,
    }),
  ]);
  return {
    text: messages.map((message) => message.text ?? "").join("\n"),
    intent: conversation.intent,
    boughtProductIds: new Set(bought.flatMap((item) => (item.productId ? [item.productId] : []))),
    paidOrders: orders.length,
    paidRecently: orders.some((order) => order.paidAt && order.paidAt >= since),
    openAnomalies: conversation.customer.openAnomalyCount,
  };
}

function recommendProducts(catalog: CatalogProduct[], facts: Facts): ProductRecommendation[] {
  const said = new Set(termsOf(facts.text));
  const boughtTags = new Set(
    catalog.filter((product) => facts.boughtProductIds.has(product.id)).flatMap((product) => product.tags),
  );
  const scored = catalog.flatMap((product) => {
    const matched = [...product.terms].filter((term) => said.has(term));
    // Search-mode words nest (保温 inside 保温杯): name the longest.
    const named = matched.filter((term) => !matched.some((other) => other !== term && other.includes(term)));
    if (named.length > 0) {
      return [{ product, score: 10 + named.length, reason: `客户提到「${named.slice(0, 2).join("、")}」` }];
    }
    const kind = product.tags.find((tag) => boughtTags.has(tag));
    if (kind && !facts.boughtProductIds.has(product.id)) {
      return [{ product, score: 5, reason: `买过同类「${kind}」` }];
    }
    if (facts.intent === "PRE_SALE" && product.soldLast30Days > 0) {
      return [{ product, score: 1, reason: `近 30 天热销（${product.soldLast30Days} 件）` }];
    }
    return [];
  });
  // Ties go to the better seller (the catalogue's order).
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, SHOWN)
    .map(({ product, reason }) => ({
      productId: product.id,
      sku: product.sku,
      name: product.name,
      priceFen: product.priceFen,
      stock: product.stock,
      reason,
    }));
}

async function recommendCoupons(user: SessionUser, facts: Facts): Promise<CouponRecommendation[]> {
  const rules: { reason: string; generous: boolean }[] = [];
  if (facts.openAnomalies > 0) rules.push({ reason: "补偿：客户有未解决的订单异常", generous: true });
  if (facts.intent === "PRE_SALE" && !facts.paidRecently && HESITATING.test(facts.text)) {
    rules.push({ reason: "售前客户在犹豫（提到价格或优惠）", generous: false });
  }
  if (facts.paidOrders >= 2) rules.push({ reason: `老客户，已付款 ${facts.paidOrders} 单`, generous: false });
  if (rules.length === 0) return [];
  const { perRemedyFen } = await limitsFor(user.role);
  const stocks = await db().couponStock.findMany({
    where: { active: true, ...(perRemedyFen === null ? {} : { amountFen: { lte: perRemedyFen } }) },
    orderBy: [{ amountFen: "asc" }, { id: "asc" }],
    select: { id: true, name: true, amountFen: true, minimumFen: true },
  });
  if (stocks.length === 0) return [];
  const seen = new Set<string>();
  return rules.flatMap(({ reason, generous }) => {
    const stock = generous ? stocks.at(-1) : stocks[0];
    if (!stock || seen.has(stock.id)) return [];
    seen.add(stock.id);
    return [
      { couponStockId: stock.id, name: stock.name, amountFen: stock.amountFen, minimumFen: stock.minimumFen, reason },
    ];
  });
}

export async function recommendForConversation(user: SessionUser, conversationId: string) {
  const began = performance.now();
  const conversation = await getVisibleConversation(user, conversationId);
  const [facts, catalog] = await Promise.all([factsOf(conversationId, conversation.customerId), productCatalog()]);
  const products = recommendProducts(catalog, facts);
  const coupons = await recommendCoupons(user, facts);
  // Recorded like every AI decision: what was recommended and why.
  await db().aiRun.create({
    data: {
      capability: "recommend",
      provider: "offline",
      model: "recommend-rules-1",
      inputHash: createHash("sha256").update(facts.text).digest("hex"),
      output: {
        products: products.map(({ sku, reason }) => ({ sku, reason })),
        coupons: coupons.map(({ couponStockId, reason }) => ({ couponStockId, reason })),
      },
      latencyMs: Math.round(performance.now() - began),
      conversationId,
    },
  });
  return { products, coupons };
}
export type Recommendations = Awaited<ReturnType<typeof recommendForConversation>>;
