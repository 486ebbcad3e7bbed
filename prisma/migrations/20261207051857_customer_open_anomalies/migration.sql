-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "openAnomalyCount" INTEGER NOT NULL DEFAULT 0;

-- The anomalies already open.
UPDATE "Customer" c SET "openAnomalyCount" = n.count
FROM (SELECT "customerId", count(*)::int AS count FROM "Anomaly" WHERE status = 'OPEN' AND "customerId" IS NOT NULL GROUP BY 1) n
WHERE c.id = n."customerId";
