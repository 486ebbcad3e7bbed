// anomaly.opened and anomaly.resolved for the brand's systems, emitted in the transaction that
// opened or resolved the anomalies.
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

export async function emitAnomalyEvents(tx: SqlConnection, changes: AnomalyChanges): Promise<void> {
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
