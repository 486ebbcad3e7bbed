-- AlterTable
ALTER TABLE "ChannelAccount" ADD COLUMN     "queueNotice" TEXT;
