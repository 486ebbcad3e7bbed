-- The queue, longest wait first ("waiting for anyone"): a partial index holds only what waits, in the
-- order the list and auto-assignment read it. Prisma's schema cannot declare a partial index; its
-- migration diff leaves manually created ones in place.
CREATE INDEX "Conversation_queue_waiting_idx" ON "Conversation" ("waitingSince", id)
  WHERE "assigneeId" IS NULL AND status IN ('QUEUED', 'BOT');
