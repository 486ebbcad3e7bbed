"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { CouponStockDto } from "@/server/remedies/coupons/coupon-stocks";
import type { GiveRemedyInput, RemedyDecision } from "@/server/remedies/give-remedy";
import { useI18n } from "../i18n/i18n-provider";
import type { MessageKey } from "../i18n/messages";
import { parseYuan, yuan } from "../orders/money";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { anomalyKeys, couponStockKeys, customerKeys, orderKeys, remedyKeys } from "../query/query-keys";

type Kind = GiveRemedyInput["kind"];

/** Reasons agents give most; a refund's reason is shown to the customer by WeChat Pay. */
const COMMON_REASONS = [
  "refund.reason.size",
  "refund.reason.quality",
  "refund.reason.missing",
  "remedy.reason.late",
  "remedy.reason.lost",
] as const;

export type RemedyTargetProps = {
  customerId: string;
  anomalyId?: string;
  orderNo?: string;
  conversationId?: string;
  /** What is left to refund on the order; null or 0: no refund offered. */
  refundableFen?: number | null;
  /** Whether the order can be sent again (paid, with an address). */
  canReship?: boolean;
};

export function useRefreshRemedies(customerId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: customerKeys.orders(customerId) }),
      queryClient.invalidateQueries({ queryKey: orderKeys.all }),
      queryClient.invalidateQueries({ queryKey: remedyKeys.all }),
      queryClient.invalidateQueries({ queryKey: anomalyKeys.all }),
    ]);
}

/** Refund, reship or coupon for an anomaly, an order or a conversation; over the giver's caps it goes for approval. */
export function RemedyForm(props: RemedyTargetProps & { onDone(decision: RemedyDecision): void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const refresh = useRefreshRemedies(props.customerId);
  const refundable = props.refundableFen ?? 0;
  const kinds: Kind[] = [
    ...(props.orderNo && refundable > 0 ? (["REFUND"] as const) : []),
    ...(props.orderNo && props.canReship ? (["RESHIP"] as const) : []),
    "COUPON",
  ];
  const [kind, setKind] = useState<Kind>(kinds[0] ?? "COUPON");
  const [invalid, setInvalid] = useState(false);
  const stocks = useQuery({
    queryKey: couponStockKeys.all,
    queryFn: () => apiFetch<{ stocks: CouponStockDto[] }>("/api/coupon-stocks").then((answer) => answer.stocks),
    enabled: kind === "COUPON",
  });
  const active = stocks.data?.filter((stock) => stock.active) ?? [];
  const give = useMutation({
    mutationFn: (body: GiveRemedyInput) => apiFetch<RemedyDecision>("/api/remedies", { method: "POST", body }),
    onSuccess: async (decision) => {
      await refresh();
      props.onDone(decision);
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const reason = String(form.get("reason") ?? "").trim();
    const target = {
      ...(props.anomalyId ? { anomalyId: props.anomalyId } : {}),
      ...(props.orderNo ? { orderNo: props.orderNo } : {}),
      ...(props.conversationId ? { conversationId: props.conversationId } : {}),
    };
    let body: GiveRemedyInput | null = null;
    if (kind === "REFUND") {
      const amountFen = parseYuan(String(form.get("amount") ?? ""));
      if (amountFen !== null && amountFen > 0 && amountFen <= refundable) body = { kind, amountFen, reason, ...target };
    } else if (kind === "COUPON") {
      const couponStockId = String(form.get("stock") ?? "");
      if (couponStockId) body = { kind, couponStockId, reason, ...target };
    } else {
      body = { kind, reason, ...target };
    }
    const valid = body !== null && reason.length > 0;
    setInvalid(!valid);
    if (body && valid) give.mutate(body);
  };
  return (
    <form className="remedy-form stack" onSubmit={onSubmit} data-testid="remedy-form">
      <div className="segmented" role="radiogroup" aria-label={t("remedy.kind")}>
        {kinds.map((option) => (
          <label key={option} className={option === kind ? "segment segment-active" : "segment"}>
            <input type="radio" name="kind" value={option} checked={option === kind} onChange={() => setKind(option)} />
            {t(`remedy.kind.${option}` as MessageKey)}
          </label>
        ))}
      </div>
      {kind === "REFUND" && (
        <label className="small">
          {t("refund.amount", { max: yuan(refundable) })}
          <input name="amount" inputMode="decimal" defaultValue={(refundable / 100).toFixed(2)} required />
        </label>
      )}
      {kind === "COUPON" && (
        <label className="small">
          {t("remedy.stock")}
          <select name="stock" required data-testid="remedy-stock">
            {active.map((stock) => (
              <option key={stock.id} value={stock.id}>
                {stock.name} · {yuan(stock.amountFen)}
                {stock.minimumFen > 0 ? ` ${t("coupons.minimum", { amount: yuan(stock.minimumFen) })}` : ""}
              </option>
            ))}
          </select>
          {stocks.isSuccess && active.length === 0 && <span className="muted">{t("coupons.none")}</span>}
        </label>
      )}
      {kind === "RESHIP" && <p className="muted small">{t("remedy.reshipExplain")}</p>}
      <label className="small">
        {t("remedy.reason")}
        <input
          name="reason"
          list={`remedy-reasons-${props.anomalyId ?? props.orderNo ?? "c"}`}
          maxLength={80}
          required
        />
        <datalist id={`remedy-reasons-${props.anomalyId ?? props.orderNo ?? "c"}`}>
          {COMMON_REASONS.map((key) => (
            <option key={key} value={t(key)} />
          ))}
        </datalist>
      </label>
      {invalid && <p className="form-error">{t("remedy.invalid")}</p>}
      {give.isError && <p className="form-error">{errorText(give.error)}</p>}
      <button type="submit" className="button-primary" disabled={give.isPending}>
        {t(`remedy.submit.${kind}` as MessageKey)}
      </button>
    </form>
  );
}

/** A remedy button that opens the form, and what came of the last one. */
export function RemedyAction(props: RemedyTargetProps) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState<MessageKey | null>(null);
  return (
    <div className="remedy-action">
      {notice && <p className="small notice">{t(notice)}</p>}
      {open ? (
        <RemedyForm
          {...props}
          onDone={(decision) => {
            setOpen(false);
            setNotice(decision.state === "given" ? "remedy.given" : "remedy.sentForApproval");
          }}
        />
      ) : (
        <button
          type="button"
          className="button-ghost"
          data-testid="remedy-open"
          onClick={() => {
            setNotice(null);
            setOpen(true);
          }}
        >
          {t("remedy.action")}
        </button>
      )}
    </div>
  );
}
