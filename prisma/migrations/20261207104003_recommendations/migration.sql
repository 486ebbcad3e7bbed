-- CreateEnum
CREATE TYPE "RecommendationKind" AS ENUM ('PRODUCT', 'COUPON');

-- CreateTable
CREATE TABLE "Recommendation" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" "RecommendationKind" NOT NULL,
    "reason" TEXT NOT NULL,
    "conversationId" TEXT,
    "customerId" TEXT NOT NULL,
    "productId" TEXT,
    "couponStockId" TEXT,
    "messageId" TEXT,
    "remedyId" TEXT,
    "sentById" TEXT,
    "orderId" TEXT,
    "attributedAt" TIMESTAMP(3),

    CONSTRAINT "Recommendation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Recommendation_messageId_key" ON "Recommendation"("messageId");

-- CreateIndex
CREATE UNIQUE INDEX "Recommendation_remedyId_key" ON "Recommendation"("remedyId");

-- CreateIndex
CREATE INDEX "Recommendation_customerId_createdAt_idx" ON "Recommendation"("customerId", "createdAt");

-- CreateIndex
CREATE INDEX "Recommendation_createdAt_idx" ON "Recommendation"("createdAt");

-- CreateIndex
CREATE INDEX "Recommendation_orderId_idx" ON "Recommendation"("orderId");

-- AddForeignKey
ALTER TABLE "Recommendation" ADD CONSTRAINT "Recommendation_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recommendation" ADD CONSTRAINT "Recommendation_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recommendation" ADD CONSTRAINT "Recommendation_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recommendation" ADD CONSTRAINT "Recommendation_couponStockId_fkey" FOREIGN KEY ("couponStockId") REFERENCES "CouponStock"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recommendation" ADD CONSTRAINT "Recommendation_sentById_fkey" FOREIGN KEY ("sentById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recommendation" ADD CONSTRAINT "Recommendation_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE SET NULL ON UPDATE CASCADE;
