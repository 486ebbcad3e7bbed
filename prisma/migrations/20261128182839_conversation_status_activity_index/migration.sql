-- DropIndex
DROP INDEX "Conversation_status_assigneeId_lastActivityAt_id_idx";

-- CreateIndex
CREATE INDEX "Conversation_status_lastActivityAt_id_idx" ON "Conversation"("status", "lastActivityAt" DESC, "id");
