-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "sendAttempts" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Message_deliveryStatus_createdAt_idx" ON "Message"("deliveryStatus", "createdAt");
