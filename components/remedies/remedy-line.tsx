"use client";

import type { RemedySummary } from "@/server/remedies/remedy-summary";
import { useI18n } from "../i18n/i18n-provider";
import type { MessageKey } from "../i18n/messages";
import { yuan } from "../orders/money";

/** One remedy beside what it was for: kind, cost, approval, and what became of it. */
export function RemedyLine({ remedy }: { remedy: RemedySummary }) {
  const { t } = useI18n();
  const outcome = remedy.outcome;
  return (
    <li data-testid="remedy-line" data-kind={remedy.kind} data-outcome={outcome?.state ?? remedy.status}>
      {t(`remedy.kind.${remedy.kind}` as MessageKey)}
      {remedy.couponName && ` · ${remedy.couponName}`} · {yuan(remedy.costFen)} ·{" "}
      {remedy.status === "PENDING" || remedy.status === "DECLINED" || !outcome
        ? t(`remedy.status.${remedy.status}` as MessageKey)
        : outcome.state === "failed"
          ? t("remedy.outcome.failed", { reason: outcome.reason })
          : outcome.state === "waybill"
            ? t("remedy.outcome.waybill", { trackingNo: outcome.trackingNo })
            : t(`remedy.outcome.${outcome.state}` as MessageKey)}
    </li>
  );
}
