-- CreateEnum
CREATE TYPE "RemedyStatus" AS ENUM ('GIVEN', 'PENDING', 'APPROVED', 'DECLINED');

-- CreateEnum
CREATE TYPE "ReshipStatus" AS ENUM ('PENDING', 'CREATED', 'FAILED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "RemedyKind" ADD VALUE 'RESHIP';
ALTER TYPE "RemedyKind" ADD VALUE 'COUPON';

-- DropForeignKey
ALTER TABLE "CouponGrant" DROP CONSTRAINT "CouponGrant_issuedById_fkey";

-- DropForeignKey
ALTER TABLE "RemedyRequest" DROP CONSTRAINT "RemedyRequest_conversationId_fkey";

-- DropForeignKey
ALTER TABLE "RemedyRequest" DROP CONSTRAINT "RemedyRequest_decidedById_fkey";

-- DropForeignKey
ALTER TABLE "RemedyRequest" DROP CONSTRAINT "RemedyRequest_orderId_fkey";

-- DropForeignKey
ALTER TABLE "RemedyRequest" DROP CONSTRAINT "RemedyRequest_refundId_fkey";

-- DropForeignKey
ALTER TABLE "RemedyRequest" DROP CONSTRAINT "RemedyRequest_requestedById_fkey";

-- AlterTable
ALTER TABLE "CouponGrant" DROP COLUMN "issuedById",
ADD COLUMN     "amountFen" INTEGER NOT NULL,
ADD COLUMN     "anomalyId" TEXT,
ADD COLUMN     "appId" TEXT NOT NULL,
ADD COLUMN     "minimumFen" INTEGER NOT NULL,
ADD COLUMN     "openid" TEXT NOT NULL,
ADD COLUMN     "sentAt" TIMESTAMP(3),
ADD COLUMN     "usedAt" TIMESTAMP(3),
ADD COLUMN     "usedOrderId" TEXT;

-- AlterTable
ALTER TABLE "CouponStock" DROP COLUMN "budgetCount",
DROP COLUMN "issuedCount",
DROP COLUMN "maxPerUser",
DROP COLUMN "validFrom",
DROP COLUMN "validUntil",
ADD COLUMN     "appId" TEXT NOT NULL,
ADD COLUMN     "creatorMchId" TEXT NOT NULL,
ADD COLUMN     "mchId" TEXT NOT NULL;

-- AlterTable
ALTER TABLE "RemedyLimit" RENAME COLUMN "perRefundFen" TO "perRemedyFen";
ALTER TABLE "RemedyLimit" ADD COLUMN     "brandPerDayFen" INTEGER,
ADD COLUMN     "maxOrderSharePct" INTEGER;

-- CreateTable
CREATE TABLE "Remedy" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "kind" "RemedyKind" NOT NULL,
    "status" "RemedyStatus" NOT NULL,
    "costFen" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "overLimit" TEXT,
    "failedAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "customerId" TEXT NOT NULL,
    "orderId" TEXT,
    "anomalyId" TEXT,
    "conversationId" TEXT,
    "couponStockId" TEXT,
    "requestedById" TEXT NOT NULL,
    "decidedById" TEXT,
    "refundId" TEXT,
    "reshipId" TEXT,
    "couponGrantId" TEXT,

    CONSTRAINT "Remedy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Reship" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "waybillOrderId" TEXT NOT NULL,
    "status" "ReshipStatus" NOT NULL DEFAULT 'PENDING',
    "failureReason" TEXT,
    "orderId" TEXT NOT NULL,
    "shipmentId" TEXT,

    CONSTRAINT "Reship_pkey" PRIMARY KEY ("id")
);

-- Requests over a cap become remedies (the refunds given within caps were never requests).
INSERT INTO "Remedy" ("id", "createdAt", "updatedAt", "kind", "status", "costFen", "reason", "overLimit",
  "decidedAt", "decisionNote", "customerId", "orderId", "conversationId", "requestedById", "decidedById", "refundId")
SELECT r."id", r."createdAt", r."updatedAt", r."kind", r."status"::text::"RemedyStatus", r."amountFen", r."reason",
  r."overLimit", r."decidedAt", r."decisionNote", o."customerId", r."orderId", r."conversationId", r."requestedById",
  r."decidedById", r."refundId"
FROM "RemedyRequest" r JOIN "Order" o ON o."id" = r."orderId";

-- DropTable
DROP TABLE "RemedyRequest";

-- DropEnum
DROP TYPE "RemedyRequestStatus";

-- CreateIndex
CREATE UNIQUE INDEX "Remedy_refundId_key" ON "Remedy"("refundId");

-- CreateIndex
CREATE UNIQUE INDEX "Remedy_reshipId_key" ON "Remedy"("reshipId");

-- CreateIndex
CREATE UNIQUE INDEX "Remedy_couponGrantId_key" ON "Remedy"("couponGrantId");

-- CreateIndex
CREATE INDEX "Remedy_status_createdAt_idx" ON "Remedy"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Remedy_requestedById_createdAt_idx" ON "Remedy"("requestedById", "createdAt");

-- CreateIndex
CREATE INDEX "Remedy_createdAt_idx" ON "Remedy"("createdAt");

-- CreateIndex
CREATE INDEX "Remedy_orderId_idx" ON "Remedy"("orderId");

-- CreateIndex
CREATE INDEX "Remedy_anomalyId_idx" ON "Remedy"("anomalyId");

-- CreateIndex
CREATE INDEX "Remedy_conversationId_idx" ON "Remedy"("conversationId");

-- CreateIndex
CREATE INDEX "Remedy_customerId_idx" ON "Remedy"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "Reship_waybillOrderId_key" ON "Reship"("waybillOrderId");

-- CreateIndex
CREATE UNIQUE INDEX "Reship_shipmentId_key" ON "Reship"("shipmentId");

-- CreateIndex
CREATE INDEX "Reship_orderId_idx" ON "Reship"("orderId");

-- CreateIndex
CREATE INDEX "CouponGrant_couponId_idx" ON "CouponGrant"("couponId");

-- CreateIndex
CREATE INDEX "CouponGrant_anomalyId_idx" ON "CouponGrant"("anomalyId");

-- AddForeignKey
ALTER TABLE "Remedy" ADD CONSTRAINT "Remedy_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Remedy" ADD CONSTRAINT "Remedy_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Remedy" ADD CONSTRAINT "Remedy_anomalyId_fkey" FOREIGN KEY ("anomalyId") REFERENCES "Anomaly"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Remedy" ADD CONSTRAINT "Remedy_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Remedy" ADD CONSTRAINT "Remedy_couponStockId_fkey" FOREIGN KEY ("couponStockId") REFERENCES "CouponStock"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Remedy" ADD CONSTRAINT "Remedy_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Remedy" ADD CONSTRAINT "Remedy_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Remedy" ADD CONSTRAINT "Remedy_refundId_fkey" FOREIGN KEY ("refundId") REFERENCES "Refund"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Remedy" ADD CONSTRAINT "Remedy_reshipId_fkey" FOREIGN KEY ("reshipId") REFERENCES "Reship"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Remedy" ADD CONSTRAINT "Remedy_couponGrantId_fkey" FOREIGN KEY ("couponGrantId") REFERENCES "CouponGrant"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reship" ADD CONSTRAINT "Reship_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reship" ADD CONSTRAINT "Reship_shipmentId_fkey" FOREIGN KEY ("shipmentId") REFERENCES "Shipment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CouponGrant" ADD CONSTRAINT "CouponGrant_anomalyId_fkey" FOREIGN KEY ("anomalyId") REFERENCES "Anomaly"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CouponGrant" ADD CONSTRAINT "CouponGrant_usedOrderId_fkey" FOREIGN KEY ("usedOrderId") REFERENCES "Order"("id") ON DELETE SET NULL ON UPDATE CASCADE;
