// The products a recommendation may name: active and in stock, each with the words customers find it
// by (its name cut by jieba in search mode, and its tags) and its sales over the last 30 days. Read
// once a minute per process: a recommendation is computed when an agent opens a conversation.
import { db } from "../db/db";
import { jiebaCutter } from "../search/jieba";

export type CatalogProduct = {
  id: string;
  sku: string;
  name: string;
  priceFen: number;
  stock: number;
  tags: string[];
  miniProgramPath: string | null;
  imageUrl: string | null;
  /** Lower-cased words of its name (two characters or more) and its tags. */
  terms: Set<string>;
  soldLast30Days: number;
};

const FRESH_MS = 60_000;
/** A catalogue larger than this is recommended from its best sellers. */
const MAX_PRODUCTS = 5_000;

let cached: { at: number; products: Promise<CatalogProduct[]> } | null = null;

export function termsOf(text: string): string[] {
  return jiebaCutter()
    .cutForSearch(text.normalize("NFKC").toLowerCase(), true)
    .map((word) => word.trim())
    .filter((word) => [...word].length >= 2 && /[\p{L}\p{N}]/u.test(word));
}

async function load(): Promise<CatalogProduct[]> {
  const since = new Date(Date.now() - 30 * 86_400_000);
  const rows = await db().$queryRaw<(Omit<CatalogProduct, "terms"> & { soldLast30Days: number })[]>`
    SELECT p.id, p.sku, p.name, p."priceFen", p.stock, p.tags, p."miniProgramPath", p."imageUrl",
      coalesce(s.sold, 0)::int AS "soldLast30Days"
    FROM "Product" p
    LEFT JOIN (
      SELECT i."productId", sum(i.quantity) AS sold FROM "OrderItem" i JOIN "Order" o ON o.id = i."orderId"
      WHERE o."paidAt" >= ${since} AND i."productId" IS NOT NULL GROUP BY i."productId"
    ) s ON s."productId" = p.id
    WHERE p.active AND p.stock > 0
    ORDER BY coalesce(s.sold, 0) DESC, p.id LIMIT ${MAX_PRODUCTS}`;
  return rows.map((row) => ({
    ...row,
    terms: new Set([...termsOf(row.name), ...row.tags.map((tag) => tag.toLowerCase())]),
  }));
}

export function productCatalog(): Promise<CatalogProduct[]> {
  if (!cached || Date.now() - cached.at > FRESH_MS) {
    const products = load();
    cached = { at: Date.now(), products };
    products.catch(() => {
      cached = null;
    });
  }
  return cached.products;
}

/** After a product changed (the open API): the next recommendation reads the catalogue again. */
export function forgetProductCatalog(): void {
  cached = null;
}
