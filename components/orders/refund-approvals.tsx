"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { RefundRequestDto } from "@/server/payments/refunds/list-refund-requests";
import { useI18n } from "../i18n/i18n-provider";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { orderKeys, refundRequestKeys } from "../query/query-keys";
import { yuan } from "./money";
import { RefundDecisionButtons, useRefundDecision } from "./order-refunds";

/** Refunds over an agent's limit, oldest first, each approved or declined in one click; live. */
export function RefundApprovals() {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const requests = useQuery({
    queryKey: refundRequestKeys.list("PENDING"),
    queryFn: () =>
      apiFetch<{ requests: RefundRequestDto[] }>("/api/refund-requests?status=PENDING").then(
        (answer) => answer.requests,
      ),
  });
  const decide = useRefundDecision(() =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: refundRequestKeys.all }),
      queryClient.invalidateQueries({ queryKey: orderKeys.all }),
    ]),
  );
  if (!requests.data || requests.data.length === 0) {
    return requests.isError ? <p className="form-error">{errorText(requests.error)}</p> : null;
  }
  return (
    <section className="card" data-testid="refund-approvals">
      <h2>{t("refund.approvals", { count: requests.data.length })}</h2>
      <table className="table">
        <thead>
          <tr>
            <th>{t("refund.order")}</th>
            <th>{t("refund.customer")}</th>
            <th>{t("refund.amountColumn")}</th>
            <th>{t("refund.reason")}</th>
            <th>{t("refund.requestedBy")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {requests.data.map((request) => (
            <tr key={request.id} data-testid="refund-approval">
              <td>{request.order.orderNo}</td>
              <td>{request.order.customer.name}</td>
              <td>
                {yuan(request.amountFen)} <span className="muted small">/ {yuan(request.order.totalFen)}</span>
              </td>
              <td>{request.reason}</td>
              <td>
                {request.requestedBy.name}{" "}
                <span className="muted small">
                  {new Date(request.createdAt).toLocaleString(locale, { timeStyle: "short", dateStyle: "short" })} ·{" "}
                  {t(request.overLimit === "per_day" ? "refund.overPerDay" : "refund.overPerRefund")}
                </span>
              </td>
              <td>
                <RefundDecisionButtons
                  disabled={decide.isPending}
                  onDecide={(approve) => decide.mutate({ requestId: request.id, approve })}
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
