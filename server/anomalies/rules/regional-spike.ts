// REGIONAL_SPIKE: paid orders of a SKU shipped to one province in the last hours, far above what its
// previous two weeks predict (the method and its defaults: ../regional/spike-test.ts). The brand
// hears regional_spike.detected with the rise and a pre-allocation hint: the day's demand at the
// current pace, to move stock toward that region. Clears when the window's orders fall back under
// the minimum.
import type { SqlConnection } from "../../db/sql-connection";
import { judgeSpike, spikeParams } from "../regional/spike-test";
import { type AnomalyRule, hoursBefore, resolveStatement, type Scope } from "./rule";

const SOLD = `('PAID', 'SHIPPED', 'DELIVERED', 'COMPLETED')`;
const PROVINCE = `o."shippingAddress"->>'province'`;

type Group = {
  sku: string;
  province: string;
  orders: number;
  units: number;
  baseline: number;
  productId: string | null;
};

async function recentGroups(tx: SqlConnection, scope: Scope, params: ReturnType<typeof spikeParams>): Promise<Group[]> {
  const since = hoursBefore(scope.now, params.windowHours);
  const baselineFrom = hoursBefore(since, params.baselineDays * 24);
  const values: unknown[] = [since.toISOString(), params.minOrders, baselineFrom.toISOString()];
  const { rows } = await tx.query<Group>(
    `WITH recent AS (
       SELECT i.sku, ${PROVINCE} AS province, count(DISTINCT o.id)::int AS orders, sum(i.quantity)::int AS units
       FROM "Order" o JOIN "OrderItem" i ON i."orderId" = o.id
       WHERE o.status IN ${SOLD} AND o."paidAt" > $1::timestamp AND ${PROVINCE} IS NOT NULL
       GROUP BY 1, 2
       HAVING count(DISTINCT o.id) >= $2
     )
     SELECT r.sku, r.province, r.orders, r.units,
       (SELECT count(DISTINCT o.id)::int FROM "Order" o JOIN "OrderItem" i ON i."orderId" = o.id
        WHERE i.sku = r.sku AND ${PROVINCE} = r.province AND o.status IN ${SOLD}
          AND o."paidAt" > $3::timestamp AND o."paidAt" <= $1::timestamp) AS baseline,
       (SELECT p.id FROM "Product" p WHERE p.sku = r.sku) AS "productId"
     FROM recent r`,
    values,
  );
  return rows;
}

export const regionalSpike: AnomalyRule = {
  type: "REGIONAL_SPIKE",
  clearsWithTime: true,
  async candidates(scope, settings, tx) {
    // A spike is hours of orders, not one payment: the periodic pass looks (every few minutes),
    // rather than every payment scanning the last hours again.
    if (scope.kind === "subjects") return null;
    const params = spikeParams(settings.params);
    const spikes = (await recentGroups(tx, scope, params)).flatMap((group) => {
      const verdict = judgeSpike(group.orders, group.baseline, params);
      if (!verdict.spike) return [];
      const details = {
        sku: group.sku,
        province: group.province,
        orders: group.orders,
        units: group.units,
        windowHours: params.windowHours,
        expectedOrders: verdict.expected,
        rise: verdict.rise,
        // At this pace, the region's next 24 hours.
        preAllocateUnits: Math.ceil((group.units * 24) / params.windowHours),
      };
      return [{ subject: `${group.sku}|${group.province}`, productId: group.productId, details }];
    });
    if (spikes.length === 0) return null;
    return {
      sql: `SELECT 'sku_region', s.subject, NULL, NULL, NULL, s.product, NULL, s.details::jsonb
            FROM unnest($1::text[], $2::text[], $3::text[]) AS s(subject, product, details)`,
      params: [
        spikes.map((spike) => spike.subject),
        spikes.map((spike) => spike.productId),
        spikes.map((spike) => JSON.stringify(spike.details)),
      ],
    };
  },
  cleared(scope, settings) {
    if (scope.kind !== "scan") return null;
    const params = spikeParams(settings.params);
    return resolveStatement({
      type: "REGIONAL_SPIKE",
      now: scope.now,
      from: `(SELECT 1) AS one`,
      condition: `(SELECT count(DISTINCT o.id) FROM "Order" o JOIN "OrderItem" i ON i."orderId" = o.id
          WHERE i.sku = a.details->>'sku' AND ${PROVINCE} = a.details->>'province' AND o.status IN ${SOLD}
            AND o."paidAt" > $3::timestamp) < $4`,
      reason: `'auto:subsided'`,
      params: [hoursBefore(scope.now, params.windowHours).toISOString(), params.minOrders],
    });
  },
  async onOpened(_tx, opened) {
    return opened.map((anomaly) => ({
      type: "regional_spike.detected" as const,
      subjectKey: `region:${anomaly.subjectId}`,
      occurrence: anomaly.id,
      data: { anomalyId: anomaly.id, ...(anomaly.details as Record<string, unknown>) },
    }));
  },
};
