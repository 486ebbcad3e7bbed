// LOGISTICS_STALLED: a parcel on its way (picked up, in transit, out for delivery) with no scan for
// N hours: 48 by default, per carrier in Settings (a carrier's rural routes may be slower). Clears
// when the parcel is scanned again or leaves transit (delivered, failed, returned).
import { type AnomalyRule, hoursBefore, inSubjects, narrowing, noSubjects, resolveStatement } from "./rule";

const MOVING = `('PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY')`;
const byOrder = (subjects: { orderIds: string[] }) => subjects.orderIds;
/** The parcel's threshold: its carrier's hours, else the rule's. */
const hoursOf = (carrierHours: string, hours: string) =>
  `COALESCE((${carrierHours}::jsonb ->> s.carrier)::int, ${hours}::int)`;

function thresholds(settings: { thresholdHours: number | null; carrierHours: Record<string, number> }) {
  const hours = settings.thresholdHours ?? 48;
  const all = [hours, ...Object.values(settings.carrierHours)];
  return { hours, min: Math.min(...all), max: Math.max(...all) };
}

export const logisticsStalled: AnomalyRule = {
  type: "LOGISTICS_STALLED",
  candidates(scope, settings) {
    if (noSubjects(scope, byOrder)) return null;
    const { hours, min, max } = thresholds(settings);
    const params: unknown[] = [
      JSON.stringify(settings.carrierHours),
      hours,
      scope.now.toISOString(),
      // The index range: no parcel's threshold is shorter than the shortest.
      hoursBefore(scope.now, min).toISOString(),
    ];
    const window = narrowing(scope, params, {
      timeColumn: `s."lastEventAt"`,
      crossedAfter: (since) => hoursBefore(since, max),
      subjectColumn: `s."orderId"`,
      subjects: (subjects) => subjects.orderIds,
    });
    return {
      sql: `SELECT 'shipment', s.id, s."orderId", s.id, NULL, NULL, o."customerId",
              jsonb_build_object('orderNo', o."orderNo", 'carrier', s.carrier, 'trackingNo', s."trackingNo",
                'lastEventAt', s."lastEventAt", 'lastEventText', s."lastEventText", 'hours', ${hoursOf("$1", "$2")})
            FROM "Shipment" s JOIN "Order" o ON o.id = s."orderId"
            WHERE s.status IN ${MOVING} AND s."lastEventAt" <= $4::timestamp ${window}
              AND s."lastEventAt" <= $3::timestamp - make_interval(hours => ${hoursOf("$1", "$2")})`,
      params,
    };
  },
  cleared(scope, settings) {
    if (noSubjects(scope, byOrder)) return null;
    const { hours } = thresholds(settings);
    const limit = inSubjects(scope, byOrder, `a."orderId"`, 5);
    return resolveStatement({
      type: "LOGISTICS_STALLED",
      now: scope.now,
      from: `"Shipment" s`,
      condition: `s.id = a."shipmentId" AND (s.status NOT IN ${MOVING}
        OR s."lastEventAt" > $1::timestamp - make_interval(hours => ${hoursOf("$3", "$4")})) AND ${limit.condition}`,
      reason: `CASE WHEN s.status = 'DELIVERED' THEN 'auto:delivered' ELSE 'auto:parcel_moved' END`,
      params: [JSON.stringify(settings.carrierHours), hours, ...limit.params],
    });
  },
};
