-- LoopDesk analyzes InboundEvent and Message each time they have about doubled (server/db/maintain-tables.ts),
-- under load. Most of an ANALYZE's time went into statistics for columns no query filters or sorts
-- on: raw payloads, message bodies and texts, dedupe keys, error texts. Without them, analyzing a
-- 40,000-row InboundEvent takes 33 ms instead of 86 ms; the planner still has what it uses (sizes,
-- the ids, times, statuses, the search vector).
ALTER TABLE "InboundEvent"
  ALTER COLUMN payload SET STATISTICS 0,
  ALTER COLUMN "dedupeKey" SET STATISTICS 0,
  ALTER COLUMN "lastError" SET STATISTICS 0;

ALTER TABLE "Message"
  ALTER COLUMN body SET STATISTICS 0,
  ALTER COLUMN text SET STATISTICS 0,
  ALTER COLUMN "searchText" SET STATISTICS 0,
  ALTER COLUMN "externalMsgId" SET STATISTICS 0,
  ALTER COLUMN "failureReason" SET STATISTICS 0;
