-- AlterEnum (PostgreSQL 12 or later: values added inside the migration's transaction)
ALTER TYPE "InboundSource" ADD VALUE 'WECHAT_PAY';
ALTER TYPE "InboundSource" ADD VALUE 'KUAIDI100';

-- AlterEnum
CREATE TYPE "ShipmentStatus_new" AS ENUM ('CREATED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'FAILED_DELIVERY', 'RETURNING', 'RETURNED', 'REFUSED', 'CANCELLED', 'EXCEPTION');
ALTER TABLE "public"."Shipment" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "Shipment" ALTER COLUMN "status" TYPE "ShipmentStatus_new"
  USING (CASE WHEN "status"::text = 'FAILED' THEN 'FAILED_DELIVERY' ELSE "status"::text END)::"ShipmentStatus_new";
ALTER TABLE "TrackingEvent" ALTER COLUMN "status" TYPE "ShipmentStatus_new"
  USING (CASE WHEN "status"::text = 'FAILED' THEN 'FAILED_DELIVERY' ELSE "status"::text END)::"ShipmentStatus_new";
ALTER TYPE "ShipmentStatus" RENAME TO "ShipmentStatus_old";
ALTER TYPE "ShipmentStatus_new" RENAME TO "ShipmentStatus";
DROP TYPE "public"."ShipmentStatus_old";
ALTER TABLE "Shipment" ALTER COLUMN "status" SET DEFAULT 'CREATED';

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "channel" TEXT,
ADD COLUMN     "paymentQueriedAt" TIMESTAMP(3),
ADD COLUMN     "sourceHash" TEXT;

-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "miniProgramPath" TEXT;

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "scopes" TEXT[],
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdById" TEXT,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "ApiKey_createdAt_idx" ON "ApiKey"("createdAt");

-- CreateIndex
CREATE INDEX "Order_updatedAt_id_idx" ON "Order"("updatedAt", "id");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateIndex
CREATE INDEX "Order_createdAt_id_idx" ON "Order"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Shipment_trackingNo_idx" ON "Shipment"("trackingNo");
