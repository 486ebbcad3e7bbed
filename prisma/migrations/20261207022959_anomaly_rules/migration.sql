-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AnomalyType" ADD VALUE 'REFUSED';
ALTER TYPE "AnomalyType" ADD VALUE 'REGIONAL_SPIKE';

-- AlterTable
ALTER TABLE "Anomaly" ADD COLUMN     "contactedBeforeComplaint" BOOLEAN,
ADD COLUMN     "remedyCostFen" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "resolvedById" TEXT,
ADD COLUMN     "snoozedUntil" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "AnomalyRuleSetting" (
    "type" "AnomalyType" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "severity" "AnomalySeverity" NOT NULL,
    "thresholdHours" INTEGER,
    "carrierHours" JSONB,
    "params" JSONB,
    "scannedUntil" TIMESTAMP(3),
    "fullScanAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnomalyRuleSetting_pkey" PRIMARY KEY ("type")
);

-- CreateIndex
CREATE INDEX "Anomaly_status_detectedAt_id_idx" ON "Anomaly"("status", "detectedAt", "id");

-- AddForeignKey
ALTER TABLE "Anomaly" ADD CONSTRAINT "Anomaly_resolvedById_fkey" FOREIGN KEY ("resolvedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
