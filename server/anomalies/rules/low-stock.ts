// LOW_STOCK: an active product with stock at or under its threshold (the shop sets both through the
// open API). A pass looks at products changed since the one before. Clears when restocked or retired.
// Opening asks the brand's ERP for stock: replenishment.requested with a suggested quantity.
import { requestReplenishment } from "../replenishment/request-replenishment";
import { type AnomalyRule, inSubjects, narrowing, noSubjects, resolveStatement } from "./rule";

const byProduct = (subjects: { productIds: string[] }) => subjects.productIds;

export const lowStock: AnomalyRule = {
  type: "LOW_STOCK",
  // Each episode asks the ERP for stock once, with how much (server/anomalies/replenishment/).
  onOpened: requestReplenishment,
  candidates(scope) {
    if (noSubjects(scope, byProduct)) return null;
    const params: unknown[] = [];
    const window = narrowing(scope, params, {
      timeColumn: `p."updatedAt"`,
      crossedAfter: (since) => since,
      subjectColumn: `p.id`,
      subjects: (subjects) => subjects.productIds,
    });
    return {
      sql: `SELECT 'product', p.id, NULL, NULL, NULL, p.id, NULL,
              jsonb_build_object('sku', p.sku, 'name', p.name, 'stock', p.stock, 'threshold', p."lowStockThreshold")
            FROM "Product" p
            WHERE p.active AND p.stock <= p."lowStockThreshold" ${window}`,
      params,
    };
  },
  cleared(scope) {
    if (noSubjects(scope, byProduct)) return null;
    const limit = inSubjects(scope, byProduct, `a."productId"`, 3);
    return resolveStatement({
      type: "LOW_STOCK",
      now: scope.now,
      from: `"Product" p`,
      condition: `p.id = a."productId" AND (p.stock > p."lowStockThreshold" OR NOT p.active) AND ${limit.condition}`,
      reason: `CASE WHEN p.active THEN 'auto:restocked' ELSE 'auto:product_retired' END`,
      params: limit.params,
    });
  },
};
