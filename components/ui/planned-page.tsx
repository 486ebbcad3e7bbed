"use client";

import { useI18n } from "../i18n/i18n-provider";
import type { MessageKey } from "../i18n/messages";

/** An honest placeholder for a screen a later release fills: it says so and pretends nothing. */
export function PlannedPage({ title, body }: { title: MessageKey; body: MessageKey }) {
  const { t } = useI18n();
  return (
    <section className="page">
      <h1>{t(title)}</h1>
      <div className="planned">
        <span className="badge">{t("planned.title")}</span>
        <p>{t(body)}</p>
      </div>
    </section>
  );
}
