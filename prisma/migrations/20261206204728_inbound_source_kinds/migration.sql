-- The kind of each inbound event, stored rather than guessed: a WeCom kf callback (XML) and an item
-- pulled from sync_msg (JSON) were both "WECOM". The sources no code received yet are dropped; the
-- issue that adds them adds them back with their processors.
CREATE TYPE "InboundSource_new" AS ENUM ('WECOM_KF_CALLBACK', 'WECOM_KF_ITEM', 'OFFICIAL_ACCOUNT', 'MINI_PROGRAM');
ALTER TABLE "InboundEvent" ALTER COLUMN "source" TYPE "InboundSource_new" USING (
  CASE
    WHEN "source"::text = 'WECOM' AND left("payload", 1) = '{' THEN 'WECOM_KF_ITEM'
    WHEN "source"::text = 'WECOM' THEN 'WECOM_KF_CALLBACK'
    ELSE "source"::text
  END
)::"InboundSource_new";
ALTER TYPE "InboundSource" RENAME TO "InboundSource_old";
ALTER TYPE "InboundSource_new" RENAME TO "InboundSource";
DROP TYPE "public"."InboundSource_old";
