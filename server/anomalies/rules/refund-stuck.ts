// REFUND_STUCK: a refund still processing (or abnormal: the buyer's card or account cannot take it)
// N hours after it was made, 72 by default. Clears when WeChat Pay settles or closes it.
import { type AnomalyRule, hoursBefore, inSubjects, narrowing, noSubjects, resolveStatement } from "./rule";

const byOrder = (subjects: { orderIds: string[] }) => subjects.orderIds;

export const refundStuck: AnomalyRule = {
  type: "REFUND_STUCK",
  candidates(scope, settings) {
    if (noSubjects(scope, byOrder)) return null;
    const hours = settings.thresholdHours ?? 72;
    const params: unknown[] = [hoursBefore(scope.now, hours).toISOString(), hours];
    const window = narrowing(scope, params, {
      timeColumn: `r."createdAt"`,
      crossedAfter: (since) => hoursBefore(since, hours),
      subjectColumn: `r."orderId"`,
      subjects: (subjects) => subjects.orderIds,
    });
    return {
      sql: `SELECT 'refund', r.id, r."orderId", NULL, r.id, NULL, o."customerId",
              jsonb_build_object('orderNo', o."orderNo", 'outRefundNo', r."outRefundNo", 'amountFen', r."amountFen",
                'status', r.status, 'createdAt', r."createdAt", 'hours', $2::int)
            FROM "Refund" r JOIN "Order" o ON o.id = r."orderId"
            WHERE r.status IN ('PROCESSING', 'ABNORMAL') AND r."createdAt" <= $1::timestamp ${window}`,
      params,
    };
  },
  cleared(scope) {
    if (noSubjects(scope, byOrder)) return null;
    const limit = inSubjects(scope, byOrder, `a."orderId"`, 3);
    return resolveStatement({
      type: "REFUND_STUCK",
      now: scope.now,
      from: `"Refund" r`,
      condition: `r.id = a."refundId" AND r.status IN ('SUCCESS', 'CLOSED') AND ${limit.condition}`,
      reason: `CASE WHEN r.status = 'SUCCESS' THEN 'auto:refund_settled' ELSE 'auto:refund_closed' END`,
      params: limit.params,
    });
  },
};
