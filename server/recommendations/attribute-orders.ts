// Credits recommendations with the orders that followed: the first order the customer paid within 7
// days after one, containing the recommended product for a product card, any order for a coupon.
// One set-based statement every few minutes (job recommendations.attribute), off every hot path;
// a recommendation is credited once, and the dashboards read the credit from the row.
import { getDatabase } from "../db/db";

export const ATTRIBUTION_DAYS = 7;

/** Attributes what can be; returns how many recommendations were credited this time. */
export async function attributeOrders(now = new Date()): Promise<number> {
  const { rows } = await getDatabase().sql.query<{ id: string }>(
    `UPDATE "Recommendation" r SET "orderId" = m.order_id, "attributedAt" = $1
     FROM (
       SELECT DISTINCT ON (r2.id) r2.id, o.id AS order_id
       FROM "Recommendation" r2
       JOIN "Order" o ON o."customerId" = r2."customerId" AND o."paidAt" >= r2."createdAt"
         AND o."paidAt" < r2."createdAt" + make_interval(days => $2)
       WHERE r2."orderId" IS NULL AND r2."createdAt" > $1::timestamp - make_interval(days => $2 + 1)
         AND (r2.kind = 'COUPON' OR EXISTS (
           SELECT 1 FROM "OrderItem" i WHERE i."orderId" = o.id AND i."productId" = r2."productId"))
       ORDER BY r2.id, o."paidAt", o.id
     ) m
     WHERE r.id = m.id AND r."orderId" IS NULL
     RETURNING r.id`,
    [now.toISOString(), ATTRIBUTION_DAYS],
  );
  return rows.length;
}
