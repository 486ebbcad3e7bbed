-- DropIndex
DROP INDEX "Conversation_status_waitingSince_idx";

-- CreateIndex
CREATE INDEX "Conversation_assigneeId_waitingSince_id_idx" ON "Conversation"("assigneeId", "waitingSince", "id");
