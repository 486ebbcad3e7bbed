// The products a recommendation may name: active and in stock, each with the words customers find it
// by (its name cut by jieba in search mode, and its tags) and its recent sales. Read again once a
// minute per process, in the background: a recommendation is computed when an agent opens a
// conversation and never waits for it but the first time.
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
/** Sales are counted over the latest paid orders of 30 days, at most this many (a big shop's month
 * would cost seconds to sum; its latest orders tell its best sellers as well). */
const SALES_SAMPLE = 20_000;

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
      SELECT i."productId", sum(i.quantity) AS sold
      FROM (
        SELECT o.id FROM "Order" o WHERE o."createdAt" >= ${since} AND o."paidAt" IS NOT NULL
        ORDER BY o."createdAt" DESC LIMIT ${SALES_SAMPLE}
      ) recent JOIN "OrderItem" i ON i."orderId" = recent.id
      WHERE i."productId" IS NOT NULL GROUP BY i."productId"
    ) s ON s."productId" = p.id
    WHERE p.active AND p.stock > 0
    ORDER BY coalesce(s.sold, 0) DESC, p.id LIMIT ${MAX_PRODUCTS}`;
  return rows.map((row) => ({
    ...row,
    terms: new Set([...termsOf(row.name), ...row.tags.map((tag) => tag.toLowerCase())]),
  }));
}

/** The catalogue; a stale one is served while the next is read, so only the first request waits. */
export function productCatalog(): Promise<CatalogProduct[]> {
  if (!cached) {
    const products = load();
    cached = { at: Date.now(), products };
    products.catch(() => {
      cached = null;
    });
    return products;
  }
  if (Date.now() - cached.at > FRESH_MS) {
    const current = cached;
    current.at = Date.now();
    load().then(
      (products) => {
        if (cached === current) cached = { at: Date.now(), products: Promise.resolve(products) };
      },
      () => {
        if (cached === current) current.at = 0;
      },
    );
  }
  return cached.products;
}

/** After a product changed (the open API): the next recommendation reads the catalogue again. */
export function forgetProductCatalog(): void {
  cached = null;
}
