"use client";
// The sidebar's recommendations for the open conversation (server/recommendations/): products the
// customer asked about or may like, and coupons by rule, each with its reason; one click sends the
// product's card into the chat or gives the coupon (a remedy: over the agent's caps it waits for
// approval).

import { useMutation, useQuery } from "@tanstack/react-query";
import type { Recommendations } from "@/server/recommendations/recommend";
import type { RemedyDecision } from "@/server/remedies/give-remedy";
import { useI18n } from "../i18n/i18n-provider";
import { yuan } from "../orders/money";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { conversationKeys } from "../query/query-keys";
import { useRefreshRemedies } from "../remedies/remedy-form";
import { newClientMsgId } from "./client-msg-id";

function Item(props: {
  kind: "product" | "coupon";
  name: string;
  amountFen: number;
  reason: string;
  action: string;
  busy: boolean;
  onClick(): void;
}) {
  return (
    <li data-testid={`recommended-${props.kind}`}>
      <strong>{props.name}</strong> <span className="muted small">{yuan(props.amountFen)}</span>
      <div className="muted small">{props.reason}</div>
      <button type="button" className="button-ghost" disabled={props.busy} onClick={props.onClick}>
        {props.action}
      </button>
    </li>
  );
}

export function RecommendationsPanel(props: { customerId: string; conversationId: string }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const refreshRemedies = useRefreshRemedies(props.customerId);
  const base = `/api/conversations/${props.conversationId}/recommendations`;
  const recommendations = useQuery({
    queryKey: conversationKeys.recommendations(props.conversationId),
    queryFn: () => apiFetch<Recommendations>(base),
  });
  const sendCard = useMutation({
    mutationFn: (product: { sku: string; reason: string }) =>
      apiFetch(`${base}/product`, { method: "POST", body: { ...product, clientMsgId: newClientMsgId() } }),
  });
  const giveCoupon = useMutation({
    mutationFn: (coupon: { couponStockId: string; reason: string }) =>
      apiFetch<RemedyDecision>(`${base}/coupon`, { method: "POST", body: coupon }),
    onSuccess: () => refreshRemedies(),
  });
  const data = recommendations.data;
  if (!data || (data.products.length === 0 && data.coupons.length === 0)) return null;
  return (
    <section className="recommendations" data-testid="recommendations">
      <h3>{t("recommend.title")}</h3>
      <ul>
        {data.products.map((product) => (
          <Item
            key={product.productId}
            kind="product"
            name={product.name}
            amountFen={product.priceFen}
            reason={product.reason}
            action={t("recommend.sendCard")}
            busy={sendCard.isPending}
            onClick={() => sendCard.mutate({ sku: product.sku, reason: product.reason })}
          />
        ))}
        {data.coupons.map((coupon) => (
          <Item
            key={coupon.couponStockId}
            kind="coupon"
            name={coupon.name}
            amountFen={coupon.amountFen}
            reason={coupon.reason}
            action={t("recommend.giveCoupon")}
            busy={giveCoupon.isPending}
            onClick={() => giveCoupon.mutate({ couponStockId: coupon.couponStockId, reason: coupon.reason })}
          />
        ))}
      </ul>
      {giveCoupon.data && (
        <p className="muted small" role="status">
          {giveCoupon.data.state === "given" ? t("recommend.couponGiven") : t("recommend.couponPending")}
        </p>
      )}
      {(sendCard.isError || giveCoupon.isError) && (
        <p className="form-error" role="alert">
          {errorText(sendCard.error ?? giveCoupon.error)}
        </p>
      )}
    </section>
  );
}
