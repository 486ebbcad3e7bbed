-- CreateEnum
CREATE TYPE "RemedyKind" AS ENUM ('REFUND');

-- CreateEnum
CREATE TYPE "RemedyRequestStatus" AS ENUM ('PENDING', 'APPROVED', 'DECLINED');

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "statusBeforeRefund" "OrderStatus";

-- AlterTable
ALTER TABLE "Refund" ADD COLUMN     "approvedById" TEXT,
ADD COLUMN     "failureReason" TEXT,
ADD COLUMN     "queriedAt" TIMESTAMP(3),
ADD COLUMN     "requestedById" TEXT,
ADD COLUMN     "submittedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "RemedyRequest" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "kind" "RemedyKind" NOT NULL,
    "status" "RemedyRequestStatus" NOT NULL DEFAULT 'PENDING',
    "amountFen" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "overLimit" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "orderId" TEXT NOT NULL,
    "conversationId" TEXT,
    "requestedById" TEXT NOT NULL,
    "decidedById" TEXT,
    "refundId" TEXT,

    CONSTRAINT "RemedyRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RemedyLimit" (
    "role" "Role" NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "perRefundFen" INTEGER,
    "perDayFen" INTEGER,
    "updatedById" TEXT,

    CONSTRAINT "RemedyLimit_pkey" PRIMARY KEY ("role")
);

-- CreateIndex
CREATE UNIQUE INDEX "RemedyRequest_refundId_key" ON "RemedyRequest"("refundId");

-- CreateIndex
CREATE INDEX "RemedyRequest_status_createdAt_idx" ON "RemedyRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "RemedyRequest_orderId_idx" ON "RemedyRequest"("orderId");

-- CreateIndex
CREATE INDEX "RemedyRequest_requestedById_createdAt_idx" ON "RemedyRequest"("requestedById", "createdAt");

-- CreateIndex
CREATE INDEX "Refund_requestedById_createdAt_idx" ON "Refund"("requestedById", "createdAt");

-- AddForeignKey
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RemedyRequest" ADD CONSTRAINT "RemedyRequest_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RemedyRequest" ADD CONSTRAINT "RemedyRequest_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RemedyRequest" ADD CONSTRAINT "RemedyRequest_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RemedyRequest" ADD CONSTRAINT "RemedyRequest_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RemedyRequest" ADD CONSTRAINT "RemedyRequest_refundId_fkey" FOREIGN KEY ("refundId") REFERENCES "Refund"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RemedyLimit" ADD CONSTRAINT "RemedyLimit_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
