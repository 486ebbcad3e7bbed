-- AlterTable
ALTER TABLE "AnomalyRuleSetting" ADD COLUMN     "outreachText" TEXT;

-- AlterTable
ALTER TABLE "MessageTemplate" ADD COLUMN     "forOutreach" BOOLEAN NOT NULL DEFAULT false;
