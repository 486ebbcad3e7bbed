"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { OrderDto } from "@/server/commerce/orders/order-dto";
import type { RefundDecision } from "@/server/payments/refunds/request-refund";
import { useI18n } from "../i18n/i18n-provider";
import type { MessageKey } from "../i18n/messages";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { customerKeys, orderKeys, refundRequestKeys } from "../query/query-keys";
import { useViewer } from "../shell/viewer";
import { parseYuan, yuan } from "./money";

/** Reasons agents give most; the customer sees the reason in WeChat Pay. */
const COMMON_REASONS = [
  "refund.reason.size",
  "refund.reason.quality",
  "refund.reason.missing",
  "refund.reason.changedMind",
] as const;

function useRefreshOrder(customerId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: customerKeys.orders(customerId) }),
      queryClient.invalidateQueries({ queryKey: orderKeys.all }),
      queryClient.invalidateQueries({ queryKey: refundRequestKeys.all }),
    ]);
}

/** A supervisor's one-click decision on a refund over an agent's limit. */
export function useRefundDecision(onDecided: () => unknown) {
  return useMutation({
    mutationFn: ({ requestId, approve }: { requestId: string; approve: boolean }) =>
      apiFetch(`/api/refund-requests/${requestId}/decision`, { method: "POST", body: { approve } }),
    onSuccess: onDecided,
  });
}

/** Approve / decline, for a supervisor, beside a refund waiting for them. */
export function RefundDecisionButtons(props: { disabled: boolean; onDecide(approve: boolean): void }) {
  const { t } = useI18n();
  return (
    <span className="inline-actions">
      <button
        type="button"
        className="button-primary button-small"
        disabled={props.disabled}
        onClick={() => props.onDecide(true)}
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

function RefundForm({ order, onDone }: { order: OrderDto; onDone: (decision: RefundDecision) => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const refresh = useRefreshOrder(order.customer.id);
  const [invalid, setInvalid] = useState(false);
  const submit = useMutation({
    mutationFn: (body: { amountFen: number; reason: string }) =>
      apiFetch<RefundDecision>(`/api/orders/${encodeURIComponent(order.orderNo)}/refunds`, { method: "POST", body }),
    onSuccess: async (decision) => {
      await refresh();
      onDone(decision);
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const amountFen = parseYuan(String(form.get("amount") ?? ""));
    const reason = String(form.get("reason") ?? "").trim();
    const valid = amountFen !== null && amountFen > 0 && amountFen <= order.refundableFen && reason.length > 0;
    setInvalid(!valid);
    if (valid) submit.mutate({ amountFen, reason });
  };
  return (
    <form className="refund-form" onSubmit={onSubmit} data-testid="refund-form">
      <label className="small">
        {t("refund.amount", { max: yuan(order.refundableFen) })}
        <input name="amount" inputMode="decimal" defaultValue={(order.refundableFen / 100).toFixed(2)} required />
      </label>
      <label className="small">
        {t("refund.reason")}
        <input name="reason" list={`refund-reasons-${order.orderNo}`} maxLength={80} required />
        <datalist id={`refund-reasons-${order.orderNo}`}>
          {COMMON_REASONS.map((key) => (
            <option key={key} value={t(key)} />
          ))}
        </datalist>
      </label>
      {invalid && <p className="form-error">{t("refund.invalid", { max: yuan(order.refundableFen) })}</p>}
      {submit.isError && <p className="form-error">{errorText(submit.error)}</p>}
      <button type="submit" className="button-primary" disabled={submit.isPending}>
        {t("refund.submit")}
      </button>
    </form>
  );
}

/** The order's refunds, those waiting for a supervisor, and the refund action. */
export function OrderRefunds({ order }: { order: OrderDto }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { permissions } = useViewer();
  const refresh = useRefreshOrder(order.customer.id);
  const decide = useRefundDecision(refresh);
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const canApprove = permissions.includes("refunds.approve");
  return (
    <div className="order-refunds" data-testid="order-refunds">
      {order.refunds.map((refund) => (
        <div key={refund.outRefundNo} className="small" data-testid="order-refund" data-status={refund.status}>
          {t("order.refund", { amount: yuan(refund.amountFen) })} · {t(`refund.status.${refund.status}` as MessageKey)}
          {refund.reason && <span className="muted"> · {refund.reason}</span>}
          {refund.failureReason && (
            <div className="muted">
              {t(refund.status === "CLOSED" ? "refund.refused" : "refund.retrying", { reason: refund.failureReason })}
            </div>
          )}
        </div>
      ))}
      {order.pendingRefunds.map((request) => (
        <div key={request.id} className="small refund-pending" data-testid="pending-refund">
          {t("refund.pending", { amount: yuan(request.amountFen), name: request.requestedBy })}
          {canApprove && (
            <RefundDecisionButtons
              disabled={decide.isPending}
              onDecide={(approve) => decide.mutate({ requestId: request.id, approve })}
            />
          )}
        </div>
      ))}
      {decide.isError && <p className="form-error">{errorText(decide.error)}</p>}
      {notice && <p className="small notice">{t(notice)}</p>}
      {order.refundableFen > 0 &&
        (open ? (
          <RefundForm
            order={order}
            onDone={(decision) => {
              setOpen(false);
              setNotice(decision.state === "submitted" ? "refund.submitted" : "refund.sentForApproval");
            }}
          />
        ) : (
          <button
            type="button"
            className="button-link"
            onClick={() => {
              setNotice(null);
              setOpen(true);
            }}
          >
            {t("refund.action")}
          </button>
        ))}
    </div>
  );
}
