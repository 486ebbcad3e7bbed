"use client";

import { useI18n } from "../i18n/i18n-provider";

export function PresenceBadge({ presence }: { presence: "ONLINE" | "BUSY" | "AWAY" | "OFFLINE" }) {
  const { t } = useI18n();
  return (
    <span className={`presence presence-${presence.toLowerCase()}`} data-presence={presence}>
      <span className="presence-dot" aria-hidden />
      {t(`presence.${presence}`)}
    </span>
  );
}
