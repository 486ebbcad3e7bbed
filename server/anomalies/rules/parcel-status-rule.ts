// The rules that fire on a parcel's status (failed delivery, returned, refused): open while the
// parcel is in one of the statuses, cleared when it leaves them or the order was refunded. A pass
// looks only at parcels scanned since the one before.
import type { AnomalyType, ShipmentStatus } from "../../generated/prisma/enums";
import { type AnomalyRule, inSubjects, narrowing, noSubjects, resolveStatement } from "./rule";

const byOrder = (subjects: { orderIds: string[] }) => subjects.orderIds;

export function parcelStatusRule(type: AnomalyType, statuses: readonly ShipmentStatus[]): AnomalyRule {
  return {
    type,
    candidates(scope) {
      if (noSubjects(scope, byOrder)) return null;
      const params: unknown[] = [statuses];
      // A status arrives with a scan: parcels scanned since the last pass.
      const window = narrowing(scope, params, {
        timeColumn: `s."lastEventAt"`,
        crossedAfter: (since) => since,
        subjectColumn: `s."orderId"`,
        subjects: byOrder,
      });
      return {
        sql: `SELECT 'shipment', s.id, s."orderId", s.id, NULL, NULL, o."customerId",
                jsonb_build_object('orderNo', o."orderNo", 'carrier', s.carrier, 'trackingNo', s."trackingNo",
                  'status', s.status, 'lastEventAt', s."lastEventAt", 'lastEventText', s."lastEventText")
              FROM "Shipment" s JOIN "Order" o ON o.id = s."orderId"
              WHERE s.status::text = ANY($1::text[]) AND o.status <> 'REFUNDED' ${window}`,
        params,
      };
    },
    cleared(scope) {
      if (noSubjects(scope, byOrder)) return null;
      const limit = inSubjects(scope, byOrder, `a."orderId"`, 4);
      return resolveStatement({
        type,
        now: scope.now,
        from: `"Shipment" s JOIN "Order" o ON o.id = s."orderId"`,
        condition: `s.id = a."shipmentId" AND (NOT s.status::text = ANY($3::text[]) OR o.status = 'REFUNDED')
          AND ${limit.condition}`,
        reason: `CASE WHEN o.status = 'REFUNDED' THEN 'auto:order_closed' WHEN s.status = 'DELIVERED'
          THEN 'auto:delivered' ELSE 'auto:parcel_moved' END`,
        params: [statuses, ...limit.params],
      });
    },
  };
}
