-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "queuePromptSentAt" TIMESTAMP(3),
ADD COLUMN     "skill" TEXT;
