"use client";

import type { OrderDto } from "@/server/commerce/orders/order-dto";
import { useI18n } from "../i18n/i18n-provider";
import type { MessageKey } from "../i18n/messages";
import { useErrorText } from "../query/error-text";
import { RemedyDecisionButtons, useRemedyDecision } from "../remedies/remedy-decision";
import { RemedyAction, useRefreshRemedies } from "../remedies/remedy-form";
import { useViewer } from "../shell/viewer";
import { yuan } from "./money";

const RESHIPPABLE = new Set(["PAID", "SHIPPED", "DELIVERED", "COMPLETED"]);

/** The order's refunds, those waiting for a supervisor, and the remedies (refund, reship, coupon). */
export function OrderRefunds({ order, conversationId }: { order: OrderDto; conversationId?: string }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { permissions } = useViewer();
  const refresh = useRefreshRemedies(order.customer.id);
  const decide = useRemedyDecision(refresh);
  const canApprove = permissions.includes("remedies.approve");
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
            <RemedyDecisionButtons
              disabled={decide.isPending}
              onDecide={(approve) => decide.mutate({ remedyId: request.id, approve })}
            />
          )}
        </div>
      ))}
      {decide.isError && <p className="form-error">{errorText(decide.error)}</p>}
      <RemedyAction
        customerId={order.customer.id}
        orderNo={order.orderNo}
        {...(conversationId ? { conversationId } : {})}
        refundableFen={order.refundableFen}
        canReship={RESHIPPABLE.has(order.status) && order.receiver !== null}
      />
    </div>
  );
}
