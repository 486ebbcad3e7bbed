-- AlterEnum
CREATE TYPE "AnomalyStatus_new" AS ENUM ('OPEN', 'RESOLVED');
ALTER TABLE "public"."Anomaly" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "Anomaly" ALTER COLUMN "status" TYPE "AnomalyStatus_new" USING ("status"::text::"AnomalyStatus_new");
ALTER TYPE "AnomalyStatus" RENAME TO "AnomalyStatus_old";
ALTER TYPE "AnomalyStatus_new" RENAME TO "AnomalyStatus";
DROP TYPE "public"."AnomalyStatus_old";
ALTER TABLE "Anomaly" ALTER COLUMN "status" SET DEFAULT 'OPEN';

-- DropIndex
DROP INDEX "Anomaly_type_status_idx";

-- CreateIndex
CREATE INDEX "Anomaly_type_status_detectedAt_id_idx" ON "Anomaly"("type", "status", "detectedAt", "id");

-- CreateIndex
CREATE INDEX "Anomaly_status_severity_detectedAt_id_idx" ON "Anomaly"("status", "severity" DESC, "detectedAt", "id");
