// When LOW_STOCK opens (once per episode: one open anomaly per product), the suggestion is computed
// from the product's paid sales, kept on the anomaly, and sent to the ERP as replenishment.requested.
import type { SqlConnection } from "../../db/sql-connection";
import { startOfChinaDay } from "../../time/china-time";
import type { WebhookEvent } from "../../webhooks/webhook-events";
import type { ChangedAnomaly, RuleSettings } from "../rules/rule";
import { replenishmentParams, suggestReplenishment } from "./replenishment-formula";

const SOLD = `('PAID', 'SHIPPED', 'DELIVERED', 'COMPLETED', 'REFUNDING')`;
const DAY_MS = 86_400_000;

export async function requestReplenishment(
  tx: SqlConnection,
  opened: ChangedAnomaly[],
  settings: RuleSettings,
  now: Date,
): Promise<WebhookEvent[]> {
  const params = replenishmentParams(settings.params);
  const productIds = opened.map((anomaly) => anomaly.subjectId);
  // Whole China days, the current one included.
  const from = new Date(startOfChinaDay(now).getTime() - (params.salesDays - 1) * DAY_MS);
  const { rows: products } = await tx.query<{
    id: string;
    sku: string;
    name: string;
    stock: number;
    threshold: number;
  }>(`SELECT id, sku, name, stock, "lowStockThreshold" AS threshold FROM "Product" WHERE id = ANY($1::text[])`, [
    productIds,
  ]);
  const { rows: sales } = await tx.query<{ productId: string; day: number; units: number }>(
    `SELECT i."productId", floor(extract(epoch FROM (o."paidAt" - $2::timestamp)) / 86400)::int AS day,
       sum(i.quantity)::int AS units
     FROM "OrderItem" i JOIN "Order" o ON o.id = i."orderId"
     WHERE i."productId" = ANY($1::text[]) AND o."paidAt" >= $2::timestamp AND o.status IN ${SOLD}
     GROUP BY 1, 2`,
    [productIds, from.toISOString()],
  );
  const events: WebhookEvent[] = [];
  for (const anomaly of opened) {
    const product = products.find((candidate) => candidate.id === anomaly.subjectId);
    if (!product) continue;
    const daily = Array<number>(params.salesDays).fill(0);
    for (const row of sales) {
      if (row.productId === product.id && row.day >= 0 && row.day < params.salesDays) daily[row.day] = row.units;
    }
    const suggestion = suggestReplenishment(daily, product.stock, params);
    const replenishment = { ...suggestion, leadTimeDays: params.leadTimeDays, salesDays: params.salesDays };
    await tx.query(
      `UPDATE "Anomaly" SET details = details || jsonb_build_object('replenishment', $2::jsonb) WHERE id = $1`,
      [anomaly.id, JSON.stringify(replenishment)],
    );
    events.push({
      type: "replenishment.requested",
      subjectKey: `product:${product.id}`,
      occurrence: anomaly.id,
      data: {
        anomalyId: anomaly.id,
        sku: product.sku,
        name: product.name,
        stock: product.stock,
        threshold: product.threshold,
        ...replenishment,
      },
    });
  }
  return events;
}
