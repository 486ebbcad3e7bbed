-- AlterTable
ALTER TABLE "Shipment" ADD COLUMN     "lastEventText" TEXT;
