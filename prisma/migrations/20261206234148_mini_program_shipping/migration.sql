-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "receiptNotifiedAt" TIMESTAMP(3),
ADD COLUMN     "shippingUploadCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "shippingUploadError" TEXT,
ADD COLUMN     "shippingUploadedAt" TIMESTAMP(3);
