-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "teamChosenAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "IntentRoute" (
    "intent" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "teamId" TEXT NOT NULL,

    CONSTRAINT "IntentRoute_pkey" PRIMARY KEY ("intent")
);

-- CreateIndex
CREATE INDEX "IntentRoute_teamId_idx" ON "IntentRoute"("teamId");

-- AddForeignKey
ALTER TABLE "IntentRoute" ADD CONSTRAINT "IntentRoute_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
