"use client";

import { useMutation } from "@tanstack/react-query";
import { useI18n } from "../i18n/i18n-provider";
import { apiFetch } from "../query/fetcher";

/** A supervisor's one-click decision on a remedy over its giver's caps. */
export function useRemedyDecision(onDecided: () => unknown) {
  return useMutation({
    mutationFn: ({ remedyId, approve }: { remedyId: string; approve: boolean }) =>
      apiFetch(`/api/remedies/${remedyId}/decision`, { method: "POST", body: { approve } }),
    onSuccess: onDecided,
  });
}

/** Approve / decline, beside a remedy waiting for a supervisor. */
export function RemedyDecisionButtons(props: { disabled: boolean; onDecide(approve: boolean): void }) {
  const { t } = useI18n();
  return (
    <span className="inline-actions">
      <button
        type="button"
        className="button-primary button-small"
        disabled={props.disabled}
        onClick={() => props.onDecide(true)}
        data-testid="remedy-approve"
      >
        {t("refund.approve")}
      </button>
      <button
        type="button"
        className="button-ghost button-small"
        disabled={props.disabled}
        onClick={() => props.onDecide(false)}
      >
        {t("refund.decline")}
      </button>
    </span>
  );
}
