-- AlterTable
ALTER TABLE "Shipment" ADD COLUMN     "subscribedAt" TIMESTAMP(3);
