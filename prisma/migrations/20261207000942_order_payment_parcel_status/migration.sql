-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "parcelStatus" "ShipmentStatus",
ADD COLUMN     "paymentStatus" "PaymentStatus";

-- CreateIndex
CREATE INDEX "Order_paymentStatus_createdAt_id_idx" ON "Order"("paymentStatus", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Order_parcelStatus_createdAt_id_idx" ON "Order"("parcelStatus", "createdAt", "id");

-- Existing orders: their payment's state, and their latest parcel's.
UPDATE "Order" o SET "paymentStatus" = p.status
FROM (SELECT DISTINCT ON ("orderId") "orderId", status FROM "Payment" ORDER BY "orderId", "createdAt" DESC) p
WHERE p."orderId" = o.id;
UPDATE "Order" o SET "parcelStatus" = s.status
FROM (SELECT DISTINCT ON ("orderId") "orderId", status FROM "Shipment" ORDER BY "orderId", "updatedAt" DESC) s
WHERE s."orderId" = o.id;
