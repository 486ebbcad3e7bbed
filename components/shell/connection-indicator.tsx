"use client";

import { useI18n } from "../i18n/i18n-provider";
import { useRealtime } from "../realtime/realtime-provider";

export function ConnectionIndicator() {
  const { status } = useRealtime();
  const { t } = useI18n();
  return (
    <span className={`connection connection-${status}`} data-testid="realtime-status" data-status={status}>
      <span className="connection-dot" aria-hidden />
      {t(`realtime.${status}`)}
    </span>
  );
}
