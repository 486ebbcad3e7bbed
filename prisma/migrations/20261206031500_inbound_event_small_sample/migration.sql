-- ANALYZE samples 300 rows per unit of the largest statistics target among a table's columns:
-- 30,000 rows of InboundEvent at the default target, read from pages all over a table that grows
-- with every callback. LoopDesk analyzes it each time it has about doubled, under load, and every
-- query on it goes through a unique key or a partial index, so the planner needs its size, not fine
-- distributions. With a target of 10 (3,000 rows), analyzing 300,000 events took 15–17 ms instead of
-- 150–200 ms, and the row count it recorded was within 0.4% of the table's.
ALTER TABLE "InboundEvent"
  ALTER COLUMN id SET STATISTICS 10,
  ALTER COLUMN "receivedAt" SET STATISTICS 10,
  ALTER COLUMN source SET STATISTICS 10,
  ALTER COLUMN "processedAt" SET STATISTICS 10,
  ALTER COLUMN attempts SET STATISTICS 10,
  ALTER COLUMN "channelAccountId" SET STATISTICS 10;
