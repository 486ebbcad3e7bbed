"use client";

import { useI18n } from "../i18n/i18n-provider";

/** A secret the server gives out once (a new API key, a webhook's signing secret): copy it, then dismiss. */
export function SecretShownOnce(props: { testId: string; explanation: string; secret: string; onDismiss(): void }) {
  const { t } = useI18n();
  return (
    <div className="card" data-testid={props.testId}>
      <p>{props.explanation}</p>
      <code className="secret-once">{props.secret}</code>
      <button type="button" className="button-ghost" onClick={props.onDismiss}>
        {t("apiKeys.copied")}
      </button>
    </div>
  );
}
