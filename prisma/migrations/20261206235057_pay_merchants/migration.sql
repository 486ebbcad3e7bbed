-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "mchId" TEXT;

-- CreateTable
CREATE TABLE "PayMerchant" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "name" TEXT NOT NULL,
    "mchId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "apiV3KeySealed" TEXT NOT NULL,
    "publicKeyId" TEXT,
    "publicKeyPem" TEXT,
    "platformCerts" TEXT,
    "privateKeySealed" TEXT,
    "certSerial" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "PayMerchant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PayMerchant_mchId_key" ON "PayMerchant"("mchId");
