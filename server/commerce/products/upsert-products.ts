// The shop's catalogue through the open API: one product or up to 500, upserted by SKU in one
// statement. A field left out keeps what is stored (a new product gets its default).

import { z } from "zod";
import { noteAnomalySubjects } from "../../anomalies/note-subjects";
import type { ApiCaller } from "../../api-keys/api-keys";
import { recordAudit } from "../../audit/record-audit";
import { getDatabase } from "../../db/db";
import { newId } from "../../db/new-id";
import { AppError, localized } from "../../errors";
import { runInBackground } from "../../jobs/background-work";
import { forgetProductCatalog } from "../../recommendations/product-catalog";

const MAX_PRODUCTS = 500;

export const productSchema = z.object({
  sku: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  priceFen: z.number().int().min(0).max(1_000_000_000),
  stock: z.number().int().min(0).max(1_000_000_000),
  lowStockThreshold: z.number().int().min(0).max(1_000_000_000).optional(),
  imageUrl: z
    .url({ protocol: /^https?$/ })
    .max(1024)
    .optional(),
  miniProgramPath: z.string().trim().min(1).max(512).optional(),
  tags: z.array(z.string().trim().min(1).max(20)).max(20).optional(),
  active: z.boolean().optional(),
});

export const upsertProductsSchema = z.union([
  productSchema.transform((product) => [product]),
  z.array(productSchema).min(1).max(MAX_PRODUCTS),
]);
export type ProductInput = z.infer<typeof productSchema>;

export async function upsertProducts(caller: ApiCaller, products: ProductInput[], ip: string | null) {
  const skus = products.map((product) => product.sku);
  const repeated = skus.find((sku, index) => skus.indexOf(sku) !== index);
  if (repeated) {
    throw new AppError("INVALID_INPUT", localized("error.duplicateSku", { sku: repeated }), {
      issues: [{ path: "sku", message: `${repeated} appears more than once` }],
    });
  }
  const now = new Date().toISOString();
  const { rows } = await getDatabase().sql.query<{ id: string; sku: string; created: boolean }>(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::text[],
                            $8::text[], $9::text[], $10::bool[])
         AS i(id, sku, name, price, stock, threshold, image, path, tags, active)
     )
     INSERT INTO "Product" AS p (id, sku, name, "priceFen", stock, "lowStockThreshold", "imageUrl", "miniProgramPath",
                                 tags, active, "createdAt", "updatedAt")
     SELECT i.id, i.sku, i.name, i.price, i.stock, coalesce(i.threshold, 10), i.image, i.path,
            coalesce(ARRAY(SELECT jsonb_array_elements_text(i.tags::jsonb)), '{}'), coalesce(i.active, true), $11, $11
     FROM input i
     ON CONFLICT (sku) DO UPDATE SET
       name = EXCLUDED.name, "priceFen" = EXCLUDED."priceFen", stock = EXCLUDED.stock, "updatedAt" = $11,
       "lowStockThreshold" = coalesce((SELECT i.threshold FROM input i WHERE i.sku = EXCLUDED.sku), p."lowStockThreshold"),
       "imageUrl" = coalesce((SELECT i.image FROM input i WHERE i.sku = EXCLUDED.sku), p."imageUrl"),
       "miniProgramPath" = coalesce((SELECT i.path FROM input i WHERE i.sku = EXCLUDED.sku), p."miniProgramPath"),
       tags = CASE WHEN (SELECT i.tags FROM input i WHERE i.sku = EXCLUDED.sku) IS NULL THEN p.tags ELSE EXCLUDED.tags END,
       active = coalesce((SELECT i.active FROM input i WHERE i.sku = EXCLUDED.sku), p.active)
     RETURNING id, sku, (xmax = 0) AS created`,
    [
      products.map(() => newId()),
      skus,
      products.map((product) => product.name),
      products.map((product) => product.priceFen),
      products.map((product) => product.stock),
      products.map((product) => product.lowStockThreshold ?? null),
      products.map((product) => product.imageUrl ?? null),
      products.map((product) => product.miniProgramPath ?? null),
      products.map((product) => (product.tags ? JSON.stringify(product.tags) : null)),
      products.map((product) => product.active ?? null),
      now,
    ],
  );
  await recordAudit({
    action: "products.upserted",
    subjectType: "api_key",
    subjectId: caller.keyId,
    ip,
    details: { key: caller.keyName, count: rows.length, skus: skus.slice(0, 50) },
  });
  forgetProductCatalog();
  // Stock set at or under a threshold, or replenished: the low-stock rule looks at once.
  runInBackground(() => noteAnomalySubjects({ productIds: rows.map((row) => row.id) }));
  const bySku = new Map(rows.map((row) => [row.sku, row]));
  return skus.map((sku) => ({ sku, id: bySku.get(sku)?.id ?? "", created: bySku.get(sku)?.created ?? false }));
}
