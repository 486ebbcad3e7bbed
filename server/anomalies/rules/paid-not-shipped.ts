// PAID_NOT_SHIPPED: an order paid N hours ago (24 by default) whose parcel has had no first scan.
// The carrier's first scan (揽收) is what "shipped" means to the customer; a waybill printed and never
// picked up is still not shipped. Clears when a parcel is scanned or the order is cancelled or refunded.
import { type AnomalyRule, hoursBefore, inSubjects, narrowing, noSubjects, resolveStatement } from "./rule";

const SCANNED = `EXISTS (SELECT 1 FROM "Shipment" s WHERE s."orderId" = o.id AND s."lastEventAt" IS NOT NULL)`;
const byOrder = (subjects: { orderIds: string[] }) => subjects.orderIds;

export const paidNotShipped: AnomalyRule = {
  type: "PAID_NOT_SHIPPED",
  candidates(scope, settings) {
    if (noSubjects(scope, byOrder)) return null;
    const hours = settings.thresholdHours ?? 24;
    const params: unknown[] = [hoursBefore(scope.now, hours).toISOString(), hours];
    const window = narrowing(scope, params, {
      timeColumn: `o."paidAt"`,
      crossedAfter: (since) => hoursBefore(since, hours),
      subjectColumn: `o.id`,
      subjects: (subjects) => subjects.orderIds,
    });
    return {
      sql: `SELECT 'order', o.id, o.id, NULL, NULL, NULL, o."customerId",
              jsonb_build_object('orderNo', o."orderNo", 'paidAt', o."paidAt", 'hours', $2::int)
            FROM "Order" o
            WHERE o.status = 'PAID' AND o."paidAt" <= $1::timestamp ${window} AND NOT ${SCANNED}`,
      params,
    };
  },
  cleared(scope) {
    if (noSubjects(scope, byOrder)) return null;
    const limit = inSubjects(scope, byOrder, `a."orderId"`, 3);
    return resolveStatement({
      type: "PAID_NOT_SHIPPED",
      now: scope.now,
      from: `"Order" o`,
      condition: `o.id = a."orderId" AND (o.status <> 'PAID' OR ${SCANNED}) AND ${limit.condition}`,
      reason: `CASE WHEN o.status IN ('CANCELLED', 'REFUNDING', 'REFUNDED') THEN 'auto:order_closed' ELSE 'auto:shipped' END`,
      params: limit.params,
    });
  },
};
