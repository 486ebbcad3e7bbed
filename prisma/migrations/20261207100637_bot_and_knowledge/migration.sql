-- AlterTable
ALTER TABLE "ChannelAccount" ADD COLUMN     "startsWithBot" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "botUnanswered" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "AiRun_capability_createdAt_idx" ON "AiRun"("capability", "createdAt");
