-- AlterTable
ALTER TABLE "ChannelAccount" ADD COLUMN     "parentId" TEXT;

-- CreateIndex
CREATE INDEX "ChannelAccount_parentId_idx" ON "ChannelAccount"("parentId");

-- AddForeignKey
ALTER TABLE "ChannelAccount" ADD CONSTRAINT "ChannelAccount_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "ChannelAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;
