-- Every customer message inserts a Message row and marks its InboundEvent processed. Three of the
-- indexes those writes maintained held mostly entries nobody reads: the customer messages' NULL
-- delivery status and NULL sender, and the processed events. Partial indexes keep only what their
-- readers ask for (the outbound sweep, a user's deletion, the inbound sweep), so an inbound message
-- writes three index entries fewer. Prisma's schema cannot declare a partial index; its migration
-- diff leaves manually created ones in place.
DROP INDEX "Message_deliveryStatus_createdAt_idx";
CREATE INDEX "Message_pending_delivery_idx" ON "Message" ("createdAt") WHERE "deliveryStatus" = 'PENDING';

DROP INDEX "Message_senderUserId_idx";
CREATE INDEX "Message_sent_by_user_idx" ON "Message" ("senderUserId") WHERE "senderUserId" IS NOT NULL;

DROP INDEX "InboundEvent_processedAt_receivedAt_idx";
CREATE INDEX "InboundEvent_unprocessed_idx" ON "InboundEvent" ("receivedAt") WHERE "processedAt" IS NULL;
