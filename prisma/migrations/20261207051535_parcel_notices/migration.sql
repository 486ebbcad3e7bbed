-- AlterTable
ALTER TABLE "MessageTemplate" ADD COLUMN     "forParcelUpdates" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "TemplateSubscription" (
    "id" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "channelAccountId" TEXT NOT NULL,
    "openId" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "remaining" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TemplateSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ParcelNotice" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "milestone" TEXT NOT NULL,
    "outcome" TEXT,
    "sentAt" TIMESTAMP(3),
    "messageId" TEXT,
    "shipmentId" TEXT NOT NULL,

    CONSTRAINT "ParcelNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TemplateSubscription_channelAccountId_openId_templateId_key" ON "TemplateSubscription"("channelAccountId", "openId", "templateId");

-- CreateIndex
CREATE UNIQUE INDEX "ParcelNotice_shipmentId_milestone_key" ON "ParcelNotice"("shipmentId", "milestone");

-- AddForeignKey
ALTER TABLE "TemplateSubscription" ADD CONSTRAINT "TemplateSubscription_channelAccountId_fkey" FOREIGN KEY ("channelAccountId") REFERENCES "ChannelAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParcelNotice" ADD CONSTRAINT "ParcelNotice_shipmentId_fkey" FOREIGN KEY ("shipmentId") REFERENCES "Shipment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
