-- AlterTable
ALTER TABLE "SyncCursor" ADD COLUMN     "leasedBy" TEXT,
ADD COLUMN     "leasedUntil" TIMESTAMP(3),
ALTER COLUMN "cursor" SET DEFAULT '';
