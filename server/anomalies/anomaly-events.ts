// What follows anomalies opening or resolving, in the transaction that opened or resolved them:
// anomaly.opened and anomaly.resolved for the brand's systems, and the customers' open counts (the
// inbox rows' badge).
import type { SqlConnection } from "../db/sql-connection";
import { emitWebhookEvents } from "../webhooks/webhook-events";
import type { AnomalyChanges } from "./evaluate-rules";
import type { ChangedAnomaly } from "./rules/rule";

const dataOf = (anomaly: ChangedAnomaly) => ({
  anomalyId: anomaly.id,
  type: anomaly.type,
  severity: anomaly.severity,
  subject: { type: anomaly.subjectType, id: anomaly.subjectId },
  orderId: anomaly.orderId,
  customerId: anomaly.customerId,
  details: anomaly.details,
});

/** Counts again the open anomalies of these customers, writing only the counts that changed. */
async function recountOpenAnomalies(tx: SqlConnection, customerIds: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await tx.query(
    `UPDATE "Customer" c SET "openAnomalyCount" = coalesce(n.count, 0)
     FROM unnest($1::text[]) AS t(id)
     LEFT JOIN (SELECT "customerId", count(*)::int AS count FROM "Anomaly"
                WHERE status = 'OPEN' AND "customerId" = ANY($1::text[]) GROUP BY 1) n ON n."customerId" = t.id
     WHERE c.id = t.id AND c."openAnomalyCount" IS DISTINCT FROM coalesce(n.count, 0)`,
    [customerIds],
  );
}

export async function recordAnomalyChanges(tx: SqlConnection, changes: AnomalyChanges): Promise<void> {
  const customers = new Set<string>();
  for (const anomaly of [...changes.opened, ...changes.resolved])
    if (anomaly.customerId) customers.add(anomaly.customerId);
  await recountOpenAnomalies(tx, [...customers].sort());
  await emitWebhookEvents(tx, [
    ...changes.opened.map((anomaly) => ({
      type: "anomaly.opened" as const,
      subjectKey: `anomaly:${anomaly.id}`,
      data: dataOf(anomaly),
    })),
    ...changes.resolved.map((anomaly) => ({
      type: "anomaly.resolved" as const,
      subjectKey: `anomaly:${anomaly.id}`,
      data: { ...dataOf(anomaly), resolution: anomaly.resolution },
    })),
  ]);
}
