"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { RemedyDto } from "@/server/remedies/list-remedies";
import { useI18n } from "../i18n/i18n-provider";
import type { MessageKey } from "../i18n/messages";
import { yuan } from "../orders/money";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { anomalyKeys, orderKeys, remedyKeys } from "../query/query-keys";
import { RemedyDecisionButtons, useRemedyDecision } from "./remedy-decision";

/** Remedies over their giver's caps, oldest first, each approved or declined in one click; live (remedies.changed). */
export function RemedyApprovals() {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const requests = useQuery({
    queryKey: remedyKeys.list("PENDING"),
    queryFn: () =>
      apiFetch<{ remedies: RemedyDto[] }>("/api/remedies?status=PENDING").then((answer) => answer.remedies),
  });
  const decide = useRemedyDecision(() =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: remedyKeys.all }),
      queryClient.invalidateQueries({ queryKey: orderKeys.all }),
      queryClient.invalidateQueries({ queryKey: anomalyKeys.all }),
    ]),
  );
  if (!requests.data || requests.data.length === 0) {
    return requests.isError ? <p className="form-error">{errorText(requests.error)}</p> : null;
  }
  return (
    <section className="card" data-testid="remedy-approvals">
      <h2>{t("remedy.approvals", { count: requests.data.length })}</h2>
      <table className="table">
        <thead>
          <tr>
            <th>{t("remedy.kind")}</th>
            <th>{t("refund.customer")}</th>
            <th>{t("refund.order")}</th>
            <th>{t("remedy.cost")}</th>
            <th>{t("remedy.reason")}</th>
            <th>{t("refund.requestedBy")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {requests.data.map((remedy) => (
            <tr key={remedy.id} data-testid="remedy-approval">
              <td>
                {t(`remedy.kind.${remedy.kind}` as MessageKey)}
                {remedy.couponStock && <span className="muted small"> · {remedy.couponStock.name}</span>}
              </td>
              <td>{remedy.customer.name}</td>
              <td>{remedy.order?.orderNo ?? "—"}</td>
              <td>
                {yuan(remedy.costFen)}
                {remedy.order && <span className="muted small"> / {yuan(remedy.order.totalFen)}</span>}
              </td>
              <td>{remedy.reason}</td>
              <td>
                {remedy.requestedBy.name}{" "}
                <span className="muted small">
                  {new Date(remedy.createdAt).toLocaleString(locale, { timeStyle: "short", dateStyle: "short" })} ·{" "}
                  {t(`remedy.over.${remedy.overLimit ?? "per_remedy"}` as MessageKey)}
                </span>
              </td>
              <td>
                <RemedyDecisionButtons
                  disabled={decide.isPending}
                  onDecide={(approve) => decide.mutate({ remedyId: remedy.id, approve })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {decide.isError && <p className="form-error">{errorText(decide.error)}</p>}
    </section>
  );
}
